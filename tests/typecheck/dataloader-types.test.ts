/**
 * checkEdgeTypes types a `dataloader` as the graph builds it: `<fn>.loader` is the function's
 * `[data, metadata]` and `<fn>` the data alone, so a consumer of `<fn>` taking the data fits and
 * one taking anything else is a misfit (before, `<fn>` was typed as the pair, so every consumer
 * of a loader's data was reported as a misfit and withTypeCheck() refused the pipeline).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { checkEdgeTypes } from "funcflow/scanner";

const dir = fileURLToPath(new URL(`../tmp/dataloader-types-${randomUUID()}/`, import.meta.url));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Declared loader return types, with a parameter type that fits the data and one that does not. */
const CASES = [
  { returns: "[number[], { path: string }]", body: "[[1, 2], { path: 'x' }]", fits: "number[]", misfits: "string" },
  { returns: "Promise<[Map<string, number>, Record<string, unknown>]>", body: "[new Map([['a', 1]]), {}]", fits: "ReadonlyMap<string, number>", misfits: "number[]", async: true },
  { returns: "readonly [Record<string, number>, { rows: number }]", body: "[{ a: 1 }, { rows: 1 }] as const", fits: "Record<string, number>", misfits: "boolean" },
];

describe("checkEdgeTypes on dataloader", () => {
  it("types <fn> as the pair's first element and <fn>.loader as the pair, for plain, async and readonly tuples with generic members", async () => {
    mkdirSync(dir, { recursive: true });
    const file = `${dir}/loaders.ts`;
    const lines = CASES.flatMap(({ returns, body, fits, misfits, async }, index) => [
      `export const loaded${index} = dataloader(${async ? "async " : ""}(): ${returns} => ${body});`,
      `export function fitting${index}(loaded${index}: ${fits}): number { return 1; }`,
      `export function misfitting${index}(loaded${index}: ${misfits}): number { return 1; }`,
    ]);
    writeFileSync(file, [`import { dataloader } from "funcflow";`, ...lines].join("\n"));
    const report = await checkEdgeTypes([file], { cacheDir: false });
    expect(report.mismatches.map((m) => `${m.producer.node} → ${m.consumer.node}`).sort()).toEqual(CASES.map((_, index) => `loaded${index} → misfitting${index}`));
    CASES.forEach((_, index) => {
      expect(report.nodes.find((node) => node.name === `loaded${index}`)?.producers.map((p) => p.typeText)).toEqual([`Awaited<ReturnType<typeof {M}.loaded${index}>>[0]`]);
      expect(report.nodes.find((node) => node.name === `loaded${index}.loader`)?.producers.map((p) => p.typeText)).toEqual([`Awaited<ReturnType<typeof {M}.loaded${index}>>`]);
    });
  }, 30_000);
});
