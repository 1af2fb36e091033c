/**
 * A column `extractColumns` takes from an Arrow `Table` whose column types are not declared is a
 * `Vector` node (Hamilton types extracted columns as the frame's series type), and `serve` serves
 * it as an array of undeclared Arrow values. Such columns were typed `unknown` and left out of
 * the served outputs ("`unknown` has no JSON form"). Found porting
 * feature_engineering_multiple_contexts/scenario_1, whose one-hot columns come from an untyped table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { createServeApp } from "funcflow/serve";

const MODULE = new URL("./fixtures/untyped-columns.ts", import.meta.url);
let app: Awaited<ReturnType<typeof createServeApp>>;
beforeAll(async () => {
  app = await createServeApp(await new Builder().withModules(MODULE).build(), { logLevel: false });
});
afterAll(() => app.close());

describe("extracted columns of an untyped Arrow table", () => {
  it("are Vector nodes; a declared table's columns keep their declared types", async () => {
    const dr = await new Builder().withModules(MODULE).build();
    expect(Object.fromEntries(["a", "b", "c"].map((name) => [name, dr.node(name).type]))).toEqual({ a: "Vector", b: "Vector", c: "Vector<Float64>" });
  });

  it("are served, as arrays, by /outputs/<name> and /execute", async () => {
    const reply = await app.inject({ method: "POST", url: "/outputs/b", payload: { n: 3 } });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toEqual([0, 2, 4]);
    const executed = await app.inject({ method: "POST", url: "/execute", payload: { outputs: ["a", "c"], inputs: { n: 2 } } });
    expect(executed.statusCode, executed.body).toBe(200);
    expect(executed.json()).toEqual({ a: [0, 1], c: [0, 0.5] });
    const document = (await app.inject({ method: "GET", url: "/openapi.json" })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/outputs/a", "/outputs/b", "/outputs/c"]));
  });
});
