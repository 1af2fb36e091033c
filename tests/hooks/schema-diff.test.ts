/**
 * diffSchemas (schemaValidator's comparison) against a plain reference on random schemas: added
 * and removed columns, changed types and nullability, nothing for equal or reordered schemas.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Field, Float64, Schema, Utf8 } from "apache-arrow";
import { diffSchemas, schemaToJson, type FieldJson, type SchemaJson } from "../../src/hooks/schema-diff.ts";

const options = { schemaMetadata: false, fieldMetadata: false };
const field = fc.record({ type: fc.constantFrom("Int32", "Float64", "Utf8", "Bool"), nullable: fc.boolean() });
const fields = fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e", "f"), field);
const schemaOf = (record: Readonly<Record<string, { type: string; nullable: boolean }>>, metadata = { name: "n", version: "v1" }): SchemaJson => ({
  __metadata: metadata,
  ...Object.fromEntries(Object.entries(record).map(([name, { type, nullable }]) => [name, { name, type, nullable, metadata: {} } satisfies FieldJson])),
});

/** What differs, worked out the plain way. */
function expectedDiff(current: Record<string, { type: string; nullable: boolean }>, reference: Record<string, { type: string; nullable: boolean }>) {
  const diff: Record<string, unknown> = {};
  for (const name of new Set([...Object.keys(current), ...Object.keys(reference)])) {
    const [cur, ref] = [current[name], reference[name]];
    if (ref === undefined) diff[name] = "+";
    else if (cur === undefined) diff[name] = "-";
    else {
      const changes: Record<string, unknown> = {};
      if (cur.type !== ref.type) changes.type = { cur: cur.type, ref: ref.type };
      if (cur.nullable !== ref.nullable) changes.nullable = { cur: cur.nullable, ref: ref.nullable };
      if (Object.keys(changes).length > 0) diff[name] = changes;
    }
  }
  return diff;
}

describe("diffSchemas", () => {
  it("names every added, removed and changed column and nothing else, sorted by name", () => {
    fc.assert(
      fc.property(fields, fields, (current, reference) => {
        const diff = diffSchemas(schemaOf(current), schemaOf(reference, { name: "n", version: "v0" }), options);
        expect(diff).toEqual(expectedDiff(current, reference));
        expect(Object.keys(diff)).toEqual(Object.keys(diff).sort());
      }),
    );
  });

  it("is empty for the same columns in another order; the schema metadata counts only when asked", () => {
    fc.assert(
      fc.property(fields, (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(diffSchemas(schemaOf(record), schemaOf(reversed, { name: "n", version: "v0" }), options)).toEqual({});
        expect(diffSchemas(schemaOf(record), schemaOf(reversed, { name: "n", version: "v0" }), { ...options, schemaMetadata: true })).toEqual({
          __metadata: { version: { cur: "v1", ref: "v0" } },
        });
      }),
    );
  });

  it("compares field metadata only with fieldMetadata, key by key", () => {
    const withUnit = (unit: string): SchemaJson => ({ amount: { name: "amount", type: "Float64", nullable: false, metadata: { unit } } });
    expect(diffSchemas(withUnit("EUR"), withUnit("USD"), options)).toEqual({});
    expect(diffSchemas(withUnit("EUR"), withUnit("USD"), { ...options, fieldMetadata: true })).toEqual({ amount: { metadata: { unit: { cur: "EUR", ref: "USD" } } } });
  });

  it("reads columns named like Object's own properties (constructor, toString, __proto__) as columns", () => {
    const names = ["constructor", "toString", "__proto__"];
    const current = schemaToJson(new Schema([new Field("a", new Float64()), ...names.map((name) => new Field(name, new Utf8()))]));
    expect(Object.keys(current)).toEqual(["a", ...names]);
    // Stored and read back as schemas.json is.
    const stored = JSON.parse(JSON.stringify(current)) as SchemaJson;
    expect(Object.keys(stored)).toEqual(["a", ...names]);
    const reference = schemaToJson(new Schema([new Field("a", new Float64())]));
    expect(diffSchemas(current, reference, options)).toEqual(Object.fromEntries(names.map((name) => [name, "+"])));
    expect(Object.keys(diffSchemas(reference, stored, options)).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(diffSchemas(stored, current, options)).toEqual({});
  });
});
