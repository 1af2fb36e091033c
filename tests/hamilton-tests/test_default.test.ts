/**
 * Follows Hamilton's tests/lifecycle/test_default.py (facts only), on
 * tests/fixtures/hamilton-tests/mismatched-types.ts (Hamilton's tests/resources/mismatched_types.py:
 * a producer whose type does not fit its consumer's parameter, bar → baz).
 *
 * Hamilton checks edge types at build by default and `NoEdgeAndInputTypeChecking()` turns the
 * check (and the input check) off. funcflow's defaults are the other way round (docs/hamilton.md,
 * "An input of the wrong type" and the static check in "Not available"): nothing is checked by
 * default, and `withTypeCheck()` (edges, at build) and the `typeCheck()` adapter (inputs and
 * results, at run time) turn the checks on. The other default adapters Hamilton ships map as
 * `FunctionInputOutputTypeChecker` → `typeCheck()`, `GracefulErrorAdapter` → `gracefulErrors()`,
 * `PrintLn` → `structuredLogging()`; `PDBDebugger`, `SlowDownYouMoveTooFast` and the legacy
 * `CacheAdapter` have no counterpart (`withCache` is the cache).
 */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { typeCheck } from "funcflow/adapters";
import { rejection } from "../support/caught.ts";

const mismatched = new URL("../fixtures/hamilton-tests/mismatched-types.ts", import.meta.url);
const builder = () => new Builder().withModules(mismatched).withManifestCache(false);

describe("edge and input type checks (test_noedge_input_type_checking_*)", () => {
  it("with no check asked for, the mismatched graph builds and runs on inputs of any type (Hamilton: with NoEdgeAndInputTypeChecking)", async () => {
    const dr = await builder().build();
    expect(await dr.execute(["baz"], { inputs: { a: 1.02, number: "aaasdfdsf" } })).toEqual({ baz: "1.02 2 aaasdfdsf" });
  });

  it("withTypeCheck() refuses the mismatched edge at build (Hamilton's default): edge_type_mismatch naming bar → baz", async () => {
    const error = await rejection(builder().withTypeCheck({ cacheDir: false }).build());
    expect(error.code).toBe("edge_type_mismatch");
    const mismatches = (error.details as { mismatches: { producer: { node: string }; consumer: { node: string; param: string } }[] }).mismatches;
    expect(mismatches.map((m) => `${m.producer.node} → ${m.consumer.node}(${m.consumer.param})`)).toEqual(["bar → baz(bar)"]);
  });

  it("the typeCheck() adapter refuses an input of the wrong type at run time: type_mismatch naming the node and input", async () => {
    const dr = await builder().withAdapters(typeCheck()).build();
    const error = await rejection(dr.execute(["foo"], { inputs: { a: "1.02" as unknown as number } }));
    expect(error).toMatchObject({ code: "type_mismatch", node: "foo", input: "a" });
  });
});
