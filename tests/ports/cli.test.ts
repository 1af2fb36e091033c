/**
 * Port of Hamilton's examples/cli (tests/fixtures/ports/cli): the README's commands on
 * module_v1, through funcflow's CLI in this process. `hamilton build` → `funcflow build`,
 * `validate --context config.json` → `validate --config config.json --outputs …` (the context's
 * HAMILTON_CONFIG is the config file, HAMILTON_FINAL_VARS the outputs), `view` → `view`,
 * `version` → `list --json` (each function's `version`), `diff` → `diff` against a git ref, in a
 * scratch repository where module_v1 is committed and then edited as the README edits it.
 */
import { execFileSync } from "node:child_process";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import type { Table } from "apache-arrow";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const folder = "tests/fixtures/ports/cli";
const MODULE = `${folder}/module_v1.ts`;
const DATA = { customers_path: `${folder}/data/customers.csv`, orders_path: `${folder}/data/orders.csv` };
/** data/orders.csv: customer → amounts. */
const ORDERS: Record<number, number[]> = { 1: [20.5, 7.25, 12.25], 2: [13, 9], 3: [40] };

describe("ports/cli", () => {
  it("the module runs: customer_summary_table has each customer's order count and mean amount, by customer id", async () => {
    const dr = await new Builder().withModules(new URL(`../fixtures/ports/cli/module_v1.ts`, import.meta.url)).build();
    const { customer_summary_table } = await dr.execute(["customer_summary_table"], { inputs: DATA });
    const table = customer_summary_table as Table;
    expect(table.schema.fields.map((field) => field.name)).toEqual(["customer_id", "orders_per_customer", "average_order_by_customer"]);
    expect(table.toArray().map((row) => row.toJSON())).toEqual(
      Object.entries(ORDERS).map(([id, amounts]) => ({ customer_id: Number(id), orders_per_customer: amounts.length, average_order_by_customer: amounts.reduce((a, b) => a + b) / amounts.length })),
    );
  });

  it("hamilton build: funcflow build checks the graph and every typed edge (the extracted columns are untyped)", async () => {
    const out = await mkdtemp(join(tmpdir(), "funcflow-port-cli-"));
    try {
      const built = await runCliInProcess(["build", MODULE, "--out-dir", out, "--json"]);
      expect(built.stderr).toBe("");
      expect(built.code).toBe(0);
      const report = JSON.parse(built.stdout) as { functions: number; inputs: number; types: { unchecked: { from: string; to: string; reason: string }[] } };
      // customers_df, orders_df, customers_orders_df and its four columns, and the three summaries.
      expect([report.functions, report.inputs]).toEqual([10, 2]);
      expect(report.types.unchecked.map((edge) => `${edge.from}->${edge.to}:${edge.reason}`)).toEqual(["amount->average_order_by_customer:untyped", "customer_id->average_order_by_customer:untyped"]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("hamilton validate --context config.json: the halloween variant of customers_df is chosen, nothing runs", async () => {
    const validated = await runCliInProcess(["validate", MODULE, "--config", `${folder}/config.json`, "--outputs", "customers_df,customer_summary_table", "--no-type-check"]);
    expect(validated.stderr).toBe("");
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain("1 config key(s)");
    expect(validated.stdout).toContain("customers_df, customer_summary_table can run with the given inputs");
    const listed = await runCliInProcess(["list", MODULE, "--config", `${folder}/config.json`, "--json"]);
    const nodes = JSON.parse(listed.stdout) as { name: string; condition: string | null; dependencies: { name: string }[] }[];
    const customers = nodes.find((node) => node.name === "customers_df")!;
    expect(customers.condition).toBe('holiday == "halloween"');
    expect(customers.dependencies).toEqual([]);
    expect(nodes.some((node) => node.name === "customers_path")).toBe(false);
  });

  it("validate: an unknown output is refused with a did-you-mean", async () => {
    const validated = await runCliInProcess(["validate", MODULE, "--outputs", "customer_summary", "--no-type-check"]);
    expect(validated.code).toBe(1);
    expect(validated.stderr).toContain("unknown_output");
    expect(validated.stderr).toContain("customer_summary_table");
  });

  it("run without the paths: the default customers.csv is read from the working directory, and its absence fails orders_df or customers_df naming the file", async () => {
    const dr = await new Builder().withModules(new URL(`../fixtures/ports/cli/module_v1.ts`, import.meta.url)).build();
    const error = await rejection(dr.execute(["customer_summary_table"]));
    expect(error.code).toBe("node_failed");
    expect(error.message).toMatch(/(customers|orders)\.csv/);
  });

  it("hamilton view: funcflow view draws the variant the config picks", async () => {
    const viewed = await runCliInProcess(["view", MODULE]);
    expect(viewed.code).toBe(0);
    expect(viewed.stdout).toContain('"customers_path" -> "customers_df"');
    expect(viewed.stdout).toContain('"customers_orders_df" -> "amount"');
  });

  it("hamilton version: list --json gives each function node's code version; the four extracted columns share customers_orders_df's", async () => {
    const listed = await runCliInProcess(["list", MODULE, "--json"]);
    const versions = Object.fromEntries((JSON.parse(listed.stdout) as { name: string; version?: string }[]).map((node) => [node.name, node.version]));
    expect(versions.customers_orders_df).toMatch(/^[0-9a-f]{32}$/);
    for (const column of ["amount", "age", "country", "customer_id"]) expect(versions[column]).toBe(versions.customers_orders_df);
    expect(versions.orders_path).toBeNull();
    expect(new Set([versions.orders_df, versions.customers_df, versions.customer_summary_table]).size).toBe(3);
  });

  it("hamilton diff: after the README's edits, average_order_by_customer and customer_summary_table changed, orders_per_customer is v1 only, orders_per_distributor v2 only", async () => {
    const repo = await mkdtemp(join(tmpdir(), "funcflow-port-cli-diff-"));
    try {
      const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=port", "-c", "user.email=port@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: repo });
      git("init", "-q");
      await copyFile(MODULE, join(repo, "module_v1.ts"));
      git("add", "module_v1.ts");
      git("commit", "-qm", "v1");
      await copyFile(`${folder}/module_v2.ts`, join(repo, "module_v1.ts"));
      const diffed = await runCliInProcess(["diff", join(repo, "module_v1.ts"), "--json"]);
      expect(diffed.stderr).toBe("");
      expect(diffed.code).toBe(0);
      const { changes } = JSON.parse(diffed.stdout) as { changes: { status: string; node: string; changed: string[] }[] };
      const byStatus = (status: string) => changes.filter((change) => change.status === status).map((change) => change.node).sort();
      expect(byStatus("changed")).toEqual(["average_order_by_customer", "customer_summary_table"]);
      expect(byStatus("removed")).toEqual(["orders_per_customer"]);
      expect(byStatus("added")).toEqual(["orders_per_distributor"]);
      // The module's doc comment changed too: docs are no change.
      expect(changes).toHaveLength(4);
      const exitCode = await runCliInProcess(["diff", join(repo, "module_v1.ts"), "--exit-code"]);
      expect(exitCode.code).toBe(1);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
