import { describe, expect, it } from "vitest";
import { recordResult } from "../../src/results/index.ts";

describe("recordResult", () => {
  it("recordResult.build returns the requested keys in request order", () => {
    const record = recordResult.build({ b: 2, a: 1, extra: 3 }, ["a", "b"]);
    expect(Object.keys(record)).toEqual(["a", "b"]);
    expect(record).toEqual({ a: 1, b: 2 });
  });

  it("recordResult.build returns a fresh object, not the outputs", () => {
    const outputs = { a: 1 };
    const record = recordResult.build(outputs, ["a"]);
    expect(record).not.toBe(outputs);
    record["a"] = 5;
    expect(outputs.a).toBe(1);
  });

  it("recordResult.build keeps undefined outputs and a __proto__ output as plain keys", () => {
    const outputs = Object.defineProperty({ gone: undefined } as Record<string, unknown>, "__proto__", { value: 7, enumerable: true });
    const record = recordResult.build(outputs, ["gone", "__proto__"]);
    expect(Object.keys(record)).toEqual(["gone", "__proto__"]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(record, "__proto__")?.value).toBe(7);
  });

  it("recordResult.build of no requested names is an empty object", () => {
    expect(recordResult.build({ a: 1 }, [])).toEqual({});
  });
});
