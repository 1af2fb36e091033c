/**
 * `reachable` is the walk behind views' upstream/downstream closures, a request's path, a
 * withColumns select's column functions and a parallel block's members: checked against a
 * recursive definition of reachability over random graphs, and on a chain too long to recurse.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reachable } from "../../src/graph/index.ts";

describe("reachable", () => {
  it("property: is the least set holding the start and closed under next, over random graphs with cycles", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).chain((size) => fc.tuple(fc.array(fc.array(fc.nat(size - 1), { maxLength: 4 }), { minLength: size, maxLength: size }), fc.array(fc.nat(size - 1), { maxLength: 3 }))), ([edges, start]) => {
        const found = reachable(start, (node) => edges[node]!);
        const expected = new Set<number>(start);
        for (let grew = true; grew; ) {
          grew = false;
          for (const node of [...expected]) for (const next of edges[node]!) if (!expected.has(next)) (expected.add(next), (grew = true));
        }
        expect(found).toEqual(expected);
      }),
    );
  });

  it("walks a chain of 200k without overflowing, and a fan-in of 200k edges from one node", () => {
    expect(reachable([0], (n) => (n < 199_999 ? [n + 1] : [])).size).toBe(200_000);
    const fan = Int32Array.from({ length: 200_000 }, (_, i) => i + 1);
    expect(reachable([0], (n) => (n === 0 ? fan : [])).size).toBe(200_001);
  });
});
