/**
 * A Driver built with a result builder is served one value per output, as without one: the
 * routes run it for its record of outputs (as `materialize` saves per output), and the Driver's
 * own `execute` keeps its builder. It used to reply 200 with `null` for every output, reading
 * names off the built table. Found porting feature_engineering_multiple_contexts/scenario_1,
 * whose service returns a frame from its own route beside the served `/execute`.
 */
import type { Table } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, type ResultBuilder } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { createServeApp } from "funcflow/serve";

const MODULE = new URL("../../examples/hello-world/transforms.ts", import.meta.url);
const INPUTS = { spend: [10, 10, 20, 40, 40, 50], signups: [1, 10, 50, 100, 200, 400] };
const OUTPUTS = ["spendPerSignup", "spendMean", "avg3wkSpend"];
/** A builder whose value has none of the outputs' names. */
const countResult: ResultBuilder<number> = { name: "countResult", build: (record) => Object.keys(record).length };

type App = Awaited<ReturnType<typeof createServeApp>>;
const apps: Record<string, App> = {};
beforeAll(async () => {
  const plain = await new Builder().withModules(MODULE).build();
  apps.plain = await createServeApp(plain, { logLevel: false });
  apps.arrow = await createServeApp(await new Builder().withModules(MODULE).withResultBuilder(arrowTableResult).build(), { logLevel: false });
  apps.count = await createServeApp(await new Builder().withModules(MODULE).withResultBuilder(countResult).build(), { logLevel: false });
});
afterAll(() => Promise.all(Object.values(apps).map((app) => app.close())));

const ask = async (app: App, url: string, payload: Record<string, unknown>) => {
  const reply = await app.inject({ method: "POST", url, payload });
  return { status: reply.statusCode, body: reply.json() as unknown };
};

describe("serving a Driver built withResultBuilder", () => {
  it.each(["arrow", "count"])("%s: /execute and /outputs/<name> reply what the builder-less Driver replies", async (name) => {
    const execute = { outputs: OUTPUTS, inputs: INPUTS };
    const wanted = await ask(apps.plain!, "/execute", execute);
    expect(wanted.status).toBe(200);
    expect((wanted.body as Record<string, unknown>).spendMean).toBeCloseTo(170 / 6, 12);
    expect(await ask(apps[name]!, "/execute", execute)).toEqual(wanted);
    for (const output of OUTPUTS) {
      const body = output === "spendPerSignup" ? INPUTS : { spend: INPUTS.spend };
      expect(await ask(apps[name]!, `/outputs/${output}`, body)).toEqual(await ask(apps.plain!, `/outputs/${output}`, body));
    }
  });

  it("the Driver's own execute keeps its result builder", async () => {
    const dr = await new Builder().withModules(MODULE).withResultBuilder(arrowTableResult).build();
    const app = await createServeApp(dr, { logLevel: false });
    try {
      const { makeVector } = await import("apache-arrow");
      const table: Table = await dr.execute(["spendMean", "spendPerSignup"], { inputs: { spend: makeVector(new Float64Array(INPUTS.spend)), signups: makeVector(new Float64Array(INPUTS.signups)) } });
      expect(table.schema.fields.map((field) => field.name)).toEqual(["spendMean", "spendPerSignup"]);
      expect(table.numRows).toBe(6);
    } finally {
      await app.close();
    }
  });
});
