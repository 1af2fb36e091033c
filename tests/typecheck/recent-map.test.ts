/**
 * RecentMap (the bound on the type check's process-wide cache of parsed files) against a model:
 * a list of keys in order of use, the oldest dropped past the limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecentMap } from "../../src/typecheck/recent-map.ts";

type Operation = { readonly kind: "get"; readonly key: number } | { readonly kind: "set"; readonly key: number; readonly value: number };

const operations = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("get" as const), key: fc.integer({ min: 0, max: 9 }) }),
    fc.record({ kind: fc.constant("set" as const), key: fc.integer({ min: 0, max: 9 }), value: fc.integer() }),
  ),
  { maxLength: 60 },
);

describe("RecentMap", () => {
  it("keeps exactly the `limit` entries read or written most recently, with their latest values (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), operations, (limit, ops: readonly Operation[]) => {
        const map = new RecentMap<number, number>(limit);
        let model: [number, number][] = []; // oldest first
        for (const op of ops) {
          const at = model.findIndex(([key]) => key === op.key);
          if (op.kind === "get") {
            expect(map.get(op.key)).toBe(at < 0 ? undefined : model[at]![1]);
            if (at >= 0) model = [...model.slice(0, at), ...model.slice(at + 1), model[at]!];
          } else {
            map.set(op.key, op.value);
            model = [...model.filter(([key]) => key !== op.key), [op.key, op.value]];
            if (model.length > limit) model = model.slice(1);
          }
          expect(map.size).toBe(model.length);
        }
        for (const [key, value] of model) expect(map.get(key)).toBe(value);
      }),
    );
  });

  it("a read keeps an entry from being the one forgotten", () => {
    const map = new RecentMap<string, number>(2);
    map.set("a", 1);
    map.set("b", 2);
    map.get("a");
    map.set("c", 3);
    expect([map.get("a"), map.get("b"), map.get("c")]).toEqual([1, undefined, 3]);
  });
});
