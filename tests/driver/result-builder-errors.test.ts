/**
 * A result builder is user code (Hamilton's `do_build_result`): whatever it throws reaches the
 * caller as a FuncflowError naming the builder, through every way of running (execute,
 * prepare(…).execute, prepare(…).run). A builder's own FuncflowError keeps its code. Found
 * porting examples/reusing_functions, whose builder raises for outputs that are not time series.
 */
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError, type ResultBuilder } from "funcflow";

const basic = new URL("../fixtures/modules/basic.ts", import.meta.url);

const THROWN: readonly [string, () => unknown][] = [
  ["an Error", () => new Error("not a time series: b")],
  ["a TypeError", () => new TypeError("Cannot read properties of undefined (reading 'index')")],
  ["a string", () => "not a time series: b"],
];

const build = (builder: ResultBuilder<unknown>) => new Builder().withModules(basic).withResultBuilder(builder).build();
type BuiltDriver = Awaited<ReturnType<typeof build>>;

const RUNS: readonly [string, (dr: BuiltDriver) => unknown][] = [
  ["execute", (dr) => dr.execute(["b"], { inputs: { a: 1 } })],
  ["prepare(…).execute", (dr) => dr.prepare(["b"], { inputs: ["a"] }).execute({ a: 1 })],
  ["prepare(…).run", (dr) => dr.prepare(["b"], { inputs: ["a"] }).run({ a: 1 })],
];

async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the run to fail");
}

describe("a result builder that throws", () => {
  for (const [kind, make] of THROWN) {
    it.each(RUNS)(`${kind} from build() is hook_failed naming the builder and the outputs, through %s`, async (_, run) => {
      const thrown = make();
      const builder: ResultBuilder<unknown> = { name: "timeSeriesJoin", build: () => { throw thrown; } };
      const dr = await build(builder);
      const error = await failure(() => run(dr));
      expect(error).toBeInstanceOf(FuncflowError);
      expect((error as FuncflowError).code).toBe("hook_failed");
      expect((error as FuncflowError).message).toContain('Result builder "timeSeriesJoin"');
      expect((error as FuncflowError).message).toContain('"b"');
      expect((error as FuncflowError).cause).toBe(thrown);
    });
  }

  it("a FuncflowError it throws on purpose keeps its code", async () => {
    const own = new FuncflowError("length_mismatch", "columns differ");
    const dr = await build({ name: "strict", build: () => { throw own; } });
    expect(await failure(() => dr.execute(["b"], { inputs: { a: 1 } }))).toBe(own);
  });
});

describe("a result builder given to withAdapters", () => {
  it("is refused naming it and withResultBuilder, as a port of Hamilton's with_adapters(PandasDataFrameResult()) writes it", async () => {
    const { arrowTableResult } = await import("funcflow/arrow");
    let error: unknown;
    try {
      new Builder().withModules(basic).withAdapters(arrowTableResult);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe("invalid_argument");
    expect((error as FuncflowError).message).toContain("withAdapters: adapters[0] must be a lifecycle adapter, not a result builder");
    expect((error as FuncflowError).message).toContain("withResultBuilder(arrowTableResult)");
  });

  it("an adapter that has hooks and also a build method is still an adapter", async () => {
    const dr = await new Builder().withModules(basic).withAdapters({ name: "both", build: () => 1, afterNode: () => undefined } as never).build();
    expect(await dr.execute(["b"], { inputs: { a: 1 } })).toMatchObject({ b: expect.anything() });
  });
});
