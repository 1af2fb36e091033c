/**
 * A node downstream of a parallelizable node's items that leads to no collect (Hamilton's
 * examples/parallelism/file_processing extracts a room_type column per city that nothing
 * reads) is kept in the graph, as Hamilton keeps it: the build used to refuse the whole
 * pipeline. Such a node is per-item, so requesting or overriding it is refused, as for any
 * node of a block; a collect that reads one through a parameter other than its collected one,
 * or a parallelizable that reads one, is still a build error.
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const FAN_OUT = `
export const items = ff.parallelizable((n: number): number[] => Array.from({ length: n }, (_, i) => i + 1));
export function squared(items: number): number { return items * items; }
export const total = ff.collect((squared: ff.Collect<number>): number => [...squared].reduce((s, v) => s + v, 0));
`;

// Dead ends of several shapes: off the items, off a block node, a chain of them.
const DEAD_ENDS: readonly [string, string, readonly string[]][] = [
  ["off the items", `export function label(items: number): string { return \`#\${items}\`; }`, ["label"]],
  ["off a block node", `export function half(squared: number): number { return squared / 2; }`, ["half"]],
  ["a chain", `export function half(squared: number): number { return squared / 2; }\nexport function quarter(half: number): number { return half / 2; }`, ["half", "quarter"]],
];

describe("a per-item node that feeds no collect", () => {
  it.each(DEAD_ENDS)("%s: builds, the collect still runs, and the dead end is per-item and cannot be requested", async (_, extra, deadEnds) => {
    const dr = await buildSource(`${FAN_OUT}\n${extra}`);
    expect(await dr.execute(["total"], { inputs: { n: 3 } })).toEqual({ total: 14 });
    for (const name of deadEnds) {
      expect(dr.node(name).role).toBe("parallel-item");
      const error = await caught(dr.execute([name], { inputs: { n: 3 } }));
      expect(error.code).toBe("invalid_argument");
      expect(error.message).toContain('Request or override the collecting node instead ("total")');
    }
  });

  it("a collect reading a dead end through another parameter is refused: it would see one item's value", async () => {
    const error = await caught(
      buildSource(`${FAN_OUT}\nexport function label(items: number): string { return String(items); }\nexport const both = ff.collect("squared", (squared: ff.Collect<number>, label: string): string => label);`),
    );
    expect(error).toMatchObject({ code: "invalid_modifier", node: "both" });
  });

  it("a parallelizable reading a dead end is a nested fan-out, refused", async () => {
    const error = await caught(buildSource(`${FAN_OUT}\nexport const again = ff.parallelizable((items: number): number[] => [items]);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("nested");
  });
});
