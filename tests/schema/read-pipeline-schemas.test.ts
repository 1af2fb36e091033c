/**
 * readPipelineSchemas walks the checker's types into JSON Schema, one test per type family, on a
 * real fixture module built by a real Builder.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { readPipelineSchemas, type NodeSchema } from "funcflow/schema";

let schemas: ReadonlyMap<string, NodeSchema>;
const schemaOf = (name: string) => {
  const entry = schemas.get(name);
  if (entry?.schema === undefined) throw new Error(`${name}: ${entry?.problem?.message ?? "no schema"}`);
  return entry.schema;
};

beforeAll(async () => {
  const driver = await new Builder().withModules(new URL("./fixtures/type-families.ts", import.meta.url)).build();
  schemas = readPipelineSchemas(driver.listNodes());
});

describe("readPipelineSchemas: primitives and literals", () => {
  it("maps number, string and boolean", () => {
    expect(schemaOf("n")).toMatchObject({ type: "number" });
    expect(schemaOf("name")).toMatchObject({ type: "string" });
    expect(schemaOf("on")).toMatchObject({ type: "boolean" });
  });
  it("maps a string literal union to an enum", () => {
    expect(schemaOf("mode")).toMatchObject({ type: "string", enum: ["low", "high"] });
    expect(schemaOf("enumNode")).toMatchObject({ type: "string", enum: ["low", "high"] });
  });
  it("maps nullable unions: a nullable number, and a nullable literal union", () => {
    expect(schemaOf("maybe")).toMatchObject({ type: ["number", "null"] });
    expect(schemaOf("level")).toMatchObject({ enum: [1, 2, null], type: ["number", "null"] });
  });
  it("maps Date to a date-time string and bigint to an int64 integer", () => {
    expect(schemaOf("when")).toMatchObject({ type: "string", format: "date-time", "x-js-type": "Date" });
    expect(schemaOf("big")).toMatchObject({ type: "integer", format: "int64", "x-js-type": "bigint" });
  });
});

describe("readPipelineSchemas: arrays, tuples, records and interfaces", () => {
  it("keeps properties named like Object.prototype's keys as own properties (never the prototype)", () => {
    const schema = schemaOf("prototypeKeys") as { properties: Record<string, unknown>; required: string[] };
    for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(Object.hasOwn(schema.properties, key), key).toBe(true);
      expect(schema.required).toContain(key);
    }
    expect(Object.getPrototypeOf(schema.properties)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(JSON.parse(JSON.stringify(schema.properties)), "__proto__")?.value).toEqual({ type: "number" });
  });
  it("maps arrays and readonly arrays", () => {
    expect(schemaOf("xs")).toMatchObject({ type: "array", items: { type: "string" } });
    expect(schemaOf("arrayNode")).toMatchObject({ type: "array", items: { type: "number" } });
  });
  it("maps a tuple with an optional element to prefixItems with min and max", () => {
    expect(schemaOf("pair")).toMatchObject({
      type: "array",
      prefixItems: [{ type: "number" }, { type: "string" }, { type: "boolean" }],
      items: false,
      minItems: 2,
      maxItems: 3,
    });
  });
  it("maps an interface with its required fields, property docs and no extra fields", () => {
    expect(schemaOf("point")).toMatchObject({
      type: "object",
      properties: { x: { type: "number", description: "The x coordinate." }, y: { type: "number" } },
      required: ["x"],
      additionalProperties: false,
    });
  });
  it("maps a Record to additionalProperties", () => {
    expect(schemaOf("weights")).toMatchObject({ type: "object", additionalProperties: { type: "number" } });
  });
});

describe("readPipelineSchemas: columns", () => {
  it("maps typed arrays to number arrays that remember their class", () => {
    expect(schemaOf("floats")).toMatchObject({ type: "array", items: { type: "number" }, "x-typed-array": "Float64Array" });
    expect(schemaOf("typedArrayNode")).toMatchObject({ items: { type: "integer", minimum: -2147483648 }, "x-typed-array": "Int32Array" });
  });
  it("maps Arrow vectors to arrays with x-arrow-type", () => {
    expect(schemaOf("column")).toMatchObject({ type: "array", items: { type: "number" }, "x-arrow-type": "Float64" });
    expect(schemaOf("vectorNode")).toMatchObject({ items: { type: "integer" }, "x-arrow-type": "Int32" });
    expect(schemaOf("labels")).toMatchObject({ items: { type: "string" }, "x-arrow-type": "Utf8" });
    expect(schemaOf("times")).toMatchObject({ items: { type: "string", format: "date-time" }, "x-arrow-type": "TimestampMillisecond" });
  });
  it("maps a typed Arrow Table to an object of typed columns", () => {
    expect(schemaOf("frame")).toEqual({
      description: "Input of tableNode.",
      type: "object",
      properties: {
        price: { type: "array", items: { type: "number" }, "x-arrow-type": "Float64" },
        region: { type: "array", items: { type: "string" }, "x-arrow-type": "Utf8" },
      },
      required: ["price", "region"],
      additionalProperties: false,
      "x-arrow-type": "Table",
    });
  });
  it("maps an untyped Table to an object of arrays, saying it is a table", () => {
    expect(schemaOf("anyFrame")).toMatchObject({ type: "object", additionalProperties: { type: "array" }, "x-arrow-type": "Table" });
  });
});

describe("readPipelineSchemas: docs, defaults and refusals", () => {
  it("uses the JSDoc summary as the node's description", () => {
    expect(schemaOf("interfaceNode").description).toBe("Echoes a point.");
  });
  it("reads literal parameter defaults", () => {
    expect(schemaOf("window")).toMatchObject({ type: "number", default: 3 });
    expect(schemaOf("label")).toMatchObject({ type: "string", default: "w" });
  });
  it.each([
    ["lookup", "Map<string, number>", /a Map has no JSON form/],
    ["callback", "() => number", /a function has no JSON form/],
    ["loose", "any", /`any` says nothing/],
  ])("refuses %s (%s) with unsupported_type naming the type", (name, type, reason) => {
    const problem = schemas.get(name)?.problem;
    expect(schemas.get(name)?.schema).toBeUndefined();
    expect(problem?.code).toBe("unsupported_type");
    expect(problem?.node).toBe(name);
    expect(problem?.details?.type).toBe(type);
    expect(problem?.message).toMatch(reason);
    expect(problem?.message.startsWith(`${name}: the type \`${type}\` has no JSON form`)).toBe(true);
  });
});
