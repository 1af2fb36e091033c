/**
 * Claims of docs/engine.md that no other test checked (timeouts, signals and the rest are in
 * tests/driver/timeouts.test.ts, tests/hooks, tests/cache, tests/materialize).
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);
const doc = readFileSync(new URL("../../docs/engine.md", import.meta.url), "utf8");

const SIGNAL_MODULE = `/** Says whether it got the run's signal, or the value given for "signal". */
export async function probe(x: number, signal?: AbortSignal): Promise<string> {
  return signal instanceof AbortSignal ? \`run signal, aborted: \${signal.aborted}\` : \`given: \${String(signal)}\`;
}`;

describe("docs/engine.md: a node's optional `signal` parameter", () => {
  it("is an optional input nothing asks for, listed with its type, and the node receives the run's AbortSignal", async () => {
    expect(doc).toContain("Nothing is asked for `signal`: it is an optional input");
    const dr = await buildSource(SIGNAL_MODULE);
    expect(dr.node("signal")).toMatchObject({ kind: "input", type: "AbortSignal", isExternalInput: true });
    expect(dr.node("probe").dependencies).toContainEqual({ name: "signal", type: "AbortSignal", optional: true });
    expect(() => dr.validateExecution(["probe"], { inputs: { x: 1 } })).not.toThrow();
    expect(await dr.execute(["probe"], { inputs: { x: 1 } })).toEqual({ probe: "run signal, aborted: false" });
  });

  it("an input named `signal` given to execute still wins", async () => {
    expect(doc).toContain("an input named `signal` given to `execute`\nstill wins");
    const dr = await buildSource(SIGNAL_MODULE);
    expect(await dr.execute(["probe"], { inputs: { x: 1, signal: "mine" } })).toEqual({ probe: "given: mine" });
  });
});
