/**
 * Port of Hamilton's examples/caching_nodes/caching_graph_adapter (tests/fixtures/ports/
 * caching-nodes): the hello world functions, two loaders tagged `cache="parquet"`, run twice
 * with a cache folder and a data frame result. Hamilton's adapter caches the tagged nodes; here
 * `withCache` is given those nodes (read from the tag) or caches every node, as Hamilton's
 * `with_cache()` does. The second Driver must serve the run from the cache, with equal values.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector, type Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";

const modules = [new URL("../fixtures/ports/caching-nodes/business_logic.ts", import.meta.url), new URL("../fixtures/ports/caching-nodes/data_loaders.ts", import.meta.url)];
const root = mkdtempSync(join(tmpdir(), "funcflow-ports-caching-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** run.py's output_columns. */
const OUTPUTS = ["spend", "signups", "avg_3wk_spend", "spend_per_signup", "spend_zero_mean_unit_variance"];

/** The frame run.py prints, worked out here (pandas' std is the sample one; rolling(3) leaves two gaps). */
function expectedRows(spend: number[], signups: number[]) {
  const mean = spend.reduce((a, b) => a + b, 0) / spend.length;
  const std = Math.sqrt(spend.reduce((total, x) => total + (x - mean) ** 2, 0) / (spend.length - 1));
  return spend.map((x, row) => ({
    spend: x,
    signups: signups[row],
    avg_3wk_spend: row < 2 ? null : (spend[row - 2]! + spend[row - 1]! + x) / 3,
    spend_per_signup: x / signups[row]!,
    spend_zero_mean_unit_variance: (x - mean) / std,
  }));
}

function expectFrame(table: Table, rows: ReturnType<typeof expectedRows>): void {
  expect(table.schema.fields.map((field) => field.name)).toEqual(OUTPUTS);
  const actual = table.toArray().map((row) => row.toJSON());
  expect(actual.length).toBe(rows.length);
  rows.forEach((row, at) => {
    for (const [name, value] of Object.entries(row)) {
      if (value === null) expect(actual[at]![name], `${name}[${at}]`).toBeNull();
      else expect(actual[at]![name], `${name}[${at}]`).toBeCloseTo(value!, 12);
    }
  });
}

const SPEND = [10, 10, 20, 40, 40, 50];
const SIGNUPS = [1, 10, 50, 100, 200, 400];
const outcomes = (builder: { lastCacheRun(): { events: readonly { node: string; kind: string }[] } | undefined }) =>
  Object.fromEntries((builder.lastCacheRun()?.events ?? []).filter((event) => event.kind === "hit" || event.kind === "miss").map((event) => [event.node, event.kind]));

describe("ports/caching_nodes/caching_graph_adapter", () => {
  it("the loaders carry the cache tag, and listNodes finds them by it", async () => {
    const dr = await new Builder().withModules(...modules).build();
    expect(dr.node("spend").tags).toEqual({ module: "data_loaders", cache: "parquet" });
    expect(dr.listNodes({ tags: { cache: "parquet" } }).map((node) => node.name).sort()).toEqual(["signups", "spend"]);
    expect(dr.node("spend_zero_mean_unit_variance").dependencies.map((d) => d.name)).toEqual(["spend_zero_mean", "spend_std_dev"]);
  });

  it("run.py twice: the first run stores, a second Driver on the same folder hits every node and returns the same frame", async () => {
    const builder = new Builder().withModules(...modules).withCache({ dir: join(root, "all") }).withResultBuilder(arrowTableResult);
    const first = await builder.build();
    expectFrame((await first.execute(OUTPUTS)) as Table, expectedRows(SPEND, SIGNUPS));
    expect(Object.values(outcomes(first)).every((kind) => kind === "miss")).toBe(true);
    const second = await builder.build();
    expectFrame((await second.execute(OUTPUTS)) as Table, expectedRows(SPEND, SIGNUPS));
    expect(outcomes(second)).toMatchObject({ spend: "hit", signups: "hit", spend_zero_mean_unit_variance: "hit", avg_3wk_spend: "hit" });
    expect(Object.values(outcomes(second))).not.toContain("miss");
  });

  it("only the tagged nodes cached, as the CachingGraphAdapter does: the loaders hit, the rest is computed again", async () => {
    const plain = await new Builder().withModules(...modules).build();
    const tagged = Object.fromEntries(plain.listNodes({ tags: { cache: "parquet" } }).map((node) => [node.name, "default" as const]));
    const builder = new Builder().withModules(...modules).withCache({ dir: join(root, "tagged"), defaultBehavior: "disable", behaviors: tagged }).withResultBuilder(arrowTableResult);
    await (await builder.build()).execute(OUTPUTS);
    const second = await builder.build();
    expectFrame((await second.execute(OUTPUTS)) as Table, expectedRows(SPEND, SIGNUPS));
    const kinds = outcomes(second);
    expect(kinds).toMatchObject({ spend: "hit", signups: "hit" });
    expect(kinds.spend_per_signup).not.toBe("hit");
  });

  it("overriding spend: its consumers miss and are computed from the new values", async () => {
    const builder = new Builder().withModules(...modules).withCache({ dir: join(root, "override") }).withResultBuilder(arrowTableResult);
    await (await builder.build()).execute(OUTPUTS);
    const dr = await builder.build();
    const spend = [1, 2, 3, 4, 5, 6];
    expectFrame((await dr.execute(OUTPUTS, { overrides: { spend: makeVector(Float64Array.from(spend)) } })) as Table, expectedRows(spend, SIGNUPS));
    expect(outcomes(dr)).toMatchObject({ signups: "hit", avg_3wk_spend: "miss", spend_per_signup: "miss" });
  });
});
