/**
 * Parallel blocks one after another: a collect closes a block and yields one plain value, so a
 * parallelizable node downstream of it opens a new block (Hamilton's
 * examples/parallelism/star_counting), instead of the build refusing "several parallelizable
 * nodes". Nested and joined fan-outs are still refused. A missing input read inside a block is
 * reported against the block's nodes that declare it, not the collect compiled over them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const TWO_BLOCKS = `
export const ids = ff.parallelizable(function* (count: number): Generator<number> { for (let i = 0; i < count; i++) yield i; });
export function squared(ids: number, offset: number): number { return ids * ids + offset; }
export const total = ff.collect((squared: ff.Collect<number>): number => [...squared].reduce((a, b) => a + b, 0));
export const parts = ff.parallelizable(function* (total: number, parts_of: number = 2): Generator<number> { for (let i = 0; i < parts_of; i++) yield total; });
export function share(parts: number, offset: number): number { return parts + offset; }
export const shares = ff.collect((share: ff.Collect<number>): number[] => [...share]);
`;

describe("parallel blocks in a row", () => {
  it.each([
    [3, 0, 2, [5, 5]],
    [4, 1, 3, [19, 19, 19]],
    [0, 7, 1, [7]],
  ])("count %i, offset %i, parts_of %i: the second block runs over the first block's collected value", async (count, offset, parts_of, shares) => {
    const dr = await buildSource(TWO_BLOCKS);
    const out = await dr.execute(["shares", "total"], { inputs: { count, offset, parts_of } });
    expect(out.shares).toEqual(shares);
    expect(out.total).toBe(Array.from({ length: count }, (_, i) => i * i + offset).reduce((a, b) => a + b, 0));
  });

  it("a missing input read in both blocks is needed by the per-item nodes that declare it", async () => {
    const error = await caught((await buildSource(TWO_BLOCKS)).execute(["shares"], { inputs: { count: 1 } }));
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain('"offset", needed by "squared", "share".');
  });

  it("a collect reading the input itself is still named", async () => {
    const error = await caught((await buildSource(`
export const ids = ff.parallelizable(function* (count: number): Generator<number> { for (let i = 0; i < count; i++) yield i; });
export function doubled(ids: number): number { return 2 * ids; }
export const total = ff.collect((doubled: ff.Collect<number>, scale: number): number => scale * [...doubled].reduce((a, b) => a + b, 0));
`)).execute(["total"], { inputs: { count: 1 } }));
    expect(error.message).toContain('"scale", needed by "total".');
  });

  it.each([
    [
      "nested (a parallelizable inside a block)",
      `export const outer = ff.parallelizable(function* (n: number): Generator<number> { yield n; });
export const inner = ff.parallelizable(function* (outer: number): Generator<number> { yield outer; });
export const all = ff.collect((inner: ff.Collect<number>): number[] => [...inner]);`,
      "nested",
    ],
    [
      "joined (two fan-outs into one block)",
      `export const left = ff.parallelizable(function* (n: number): Generator<number> { yield n; });
export const right = ff.parallelizable(function* (n: number): Generator<number> { yield n; });
export function pair(left: number, right: number): number { return left + right; }
export const all = ff.collect((pair: ff.Collect<number>): number[] => [...pair]);`,
      "several parallelizable",
    ],
    [
      "a collect after a collect, with no parallelizable between",
      `export const items = ff.parallelizable(function* (n: number): Generator<number> { yield n; });
export const first = ff.collect((items: ff.Collect<number>): number => [...items].length);
export function again(first: number): number { return first; }
export const second = ff.collect((again: ff.Collect<number>): number[] => [...again]);`,
      "no parallelizable node lies upstream",
    ],
  ])("%s is still refused", async (_, body, message) => {
    const error = await caught(buildSource(body));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(message);
  });
});
