/** inferSchema reads a schema from an example value; every JSON value validates against its own schema. */
import { makeVector, Table, vectorFromArray, Utf8 } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inferSchema } from "funcflow/schema";
import { createRequestValidator } from "../../src/serve/request-validator.ts";

describe("inferSchema", () => {
  it("reads an Arrow table's columns from its Arrow schema", () => {
    const table = new Table({ spend: makeVector(new Float64Array([1, 2])), region: vectorFromArray(["US", "EU"], new Utf8()) });
    expect(inferSchema(table)).toEqual({
      type: "object",
      properties: {
        spend: { type: "array", items: { type: "number" }, "x-arrow-type": "Float64" },
        region: { type: "array", items: { type: "string" }, "x-arrow-type": "Utf8" },
      },
      required: ["spend", "region"],
      additionalProperties: false,
      "x-arrow-type": "Table",
    });
  });
  it("reads vectors, typed arrays, dates and bigints", () => {
    expect(inferSchema(makeVector(new Int32Array([1])))).toMatchObject({ items: { type: "integer" }, "x-arrow-type": "Int32" });
    expect(inferSchema(new Float32Array(2))).toEqual({ type: "array", items: { type: "number" }, "x-typed-array": "Float32Array" });
    expect(inferSchema(new Date(0))).toMatchObject({ format: "date-time" });
    expect(inferSchema(10n)).toMatchObject({ type: "integer", format: "int64" });
  });
  it("merges array elements into one schema, or anyOf when they differ", () => {
    expect(inferSchema([1, 2.5])).toEqual({ type: "array", items: { type: "number" } });
    expect(inferSchema([1, "a"])).toEqual({ type: "array", items: { anyOf: [{ type: "number" }, { type: "string" }] } });
  });
  it("refuses a value with no JSON form, naming where it sits", () => {
    expect(() => inferSchema({ ok: 1, lookup: new Map() }, "config")).toThrow(/^config\.lookup: the type `Map` has no JSON form/);
    expect(() => inferSchema(() => 1)).toThrow(expect.objectContaining({ code: "unsupported_type" }));
  });
  it("keeps a `__proto__` key as a property (fast-check found it as the counterexample)", () => {
    const value = JSON.parse(`{"__proto__": false, "a": 1}`) as unknown;
    const schema = inferSchema(value) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(["__proto__", "a"]);
    expect(schema.required).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(schema.properties)).toBe(Object.prototype);
    expect(schema.properties.__proto__).toEqual({ type: "boolean" });
  });

  it("every JSON value validates against the schema inferred from it (property)", () => {
    const ajv = createRequestValidator();
    fc.assert(
      // ajv never lets "__proto__" through additionalProperties: false (its allSchemaProperties drops
      // the key on purpose), so such values are checked by the test above instead.
      fc.property(fc.jsonValue().filter((value) => !JSON.stringify(value).includes(`"__proto__"`)), (value) => {
        const validate = ajv.compile(inferSchema(value) as object);
        expect(validate(value)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
