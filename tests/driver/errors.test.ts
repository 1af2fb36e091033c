import { describe, expect, it } from "vitest";
import { Builder, FuncflowError, type FuncflowErrorCode } from "funcflow";
import { syntheticModule } from "../support/synthetic-module.ts";

const fixture = (name: string) => new URL(`../fixtures/modules/${name}.ts`, import.meta.url);
const build = (names: string[], config: Record<string, unknown> = {}) =>
  new Builder().withModules(...names.map(fixture)).withConfig(config).withManifestCache(false).build();

async function caught(action: () => Promise<unknown>, code: FuncflowErrorCode): Promise<FuncflowError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe(code);
    return error as FuncflowError;
  }
  throw new Error(`expected a FuncflowError with code ${code}, but nothing was thrown`);
}

describe("driver.execute errors", () => {
  it("lists every missing input at once, each with the nodes that need it", async () => {
    const dr = await build(["basic"], { language: "en" });
    const error = await caught(() => dr.execute(["e", "unrelated"]), "missing_input");
    expect(error.details?.missing).toEqual({ a: ["b", "unrelated"] });
    expect(error.input).toBe("a");
    expect(error.neededBy).toEqual(["b", "unrelated"]);
    expect(error.message).toMatchInlineSnapshot(`
      "execute: 1 required input is missing:
        - "a", needed by "b", "unrelated".
      Pass each missing value in \`inputs\` (or override a node downstream of it). A setting can also come from config, which functions read as parameters too: \`withConfig({ a: … })\` (\`--set a=…\` on the command line)."
    `);
  });

  it("reports a requested output that is a missing input", async () => {
    const dr = await build(["basic"], { language: "en" });
    const error = await caught(() => dr.execute(["a", "b"]), "missing_input");
    expect(error.details?.missing).toEqual({ a: ["(requested output)", "b"] });
  });

  it("points at a similar input the caller passed when one is missing", async () => {
    const dr = await build(["basic"], { language: "en" });
    const error = await caught(() => dr.execute(["b"], { inputs: { aa: 1 } }), "missing_input");
    expect(error.message).toContain(`did you mean "aa"?`);
  });

  it("suggests the nearest name for an unknown output", async () => {
    const dr = await build(["basic"], { language: "en" });
    const error = await caught(() => dr.execute(["greting", "b"], { inputs: { a: 1 } }), "unknown_output");
    expect(error.node).toBe("greting");
    expect(error.suggestion).toEqual(["greeting"]);
    expect(error.message).toMatchInlineSnapshot(
      `"execute: unknown output "greting" (did you mean "greeting"?). Ask for nodes the modules define; dr.listNodes() lists them."`,
    );
  });

  it("rejects an input that is also a config key", async () => {
    const dr = await build(["basic"], { language: "en" });
    const error = await caught(() => dr.execute(["greeting"], { inputs: { language: "fr" } }), "config_input_overlap");
    expect(error.configKey).toBe("language");
  });

  it("rejects an input named like a function node and says to override it instead", async () => {
    const dr = await build(["basic"], { language: "en" });
    const error = await caught(() => dr.execute(["c"], { inputs: { a: 1, b: 5 } }), "input_is_node");
    expect(error.input).toBe("b");
    expect(error.message).toContain("overrides");
  });

  it("rejects an override of a node that does not exist, with a suggestion", async () => {
    const dr = await build(["basic"], { language: "en" });
    const error = await caught(() => dr.execute(["c"], { inputs: { a: 1 }, overrides: { bb: 1 } }), "unknown_node");
    expect(error.suggestion).toContain("b");
  });

  it("rejects outputs that are not an array of names", async () => {
    const dr = await build(["basic"], { language: "en" });
    await caught(() => dr.execute("b" as never), "invalid_argument");
  });

  it("rejects inputs or overrides that are not objects of values by name", async () => {
    const dr = await build(["basic"], { language: "en" });
    const error = await caught(() => dr.execute(["b"], { inputs: "a" as never }), "invalid_argument");
    expect(error.message).toContain("options.inputs must be a plain object");
    await caught(() => dr.execute(["b"], { inputs: { a: 1 }, overrides: [1] as never }), "invalid_argument");
  });

  it("wraps a throwing node with its name and inputs, keeping the original as cause", async () => {
    const dr = await build(["failing"]);
    const error = await caught(() => dr.execute(["explodes"], { inputs: { a: 3 } }), "node_failed");
    expect(error.node).toBe("explodes");
    expect(error.details?.inputs).toEqual(["fine"]);
    expect(error.cause).toBeInstanceOf(RangeError);
    expect(error.message).toMatchInlineSnapshot(
      `"Node "explodes" failed: cannot handle 3. It was called with fine; the original error is the cause."`,
    );
  });

  it("a cause whose message ends in a full stop reads as one sentence, not 'stop.. It was called'", async () => {
    const dr = await new Builder()
      .withModules(syntheticModule([{ name: "strict", params: [{ name: "a" }], fn: ((a: number) => { throw new Error(`a must be positive, got ${a}. Pass 1 or more.`); }) as never }]))
      .build();
    const error = await caught(() => dr.execute(["strict"], { inputs: { a: -1 } }), "node_failed");
    expect(error.message).toBe('Node "strict" failed: a must be positive, got -1. Pass 1 or more. It was called with a; the original error is the cause.');
  });

  it("wraps a rejecting async node the same way", async () => {
    const dr = await build(["failing"]);
    const error = await caught(() => dr.execute(["afterRejects"], { inputs: { a: 3 } }), "node_failed");
    expect(error.node).toBe("rejects");
    expect((error.cause as Error).message).toBe("async failure at 3");
  });

  it("validateExecution reports the same problems and runs nothing", async () => {
    const dr = await build(["failing"]);
    expect(() => dr.validateExecution(["explodes"])).toThrowError(expect.objectContaining({ code: "missing_input" }));
    expect(() => dr.validateExecution(["explodes"], { inputs: { a: 1 } })).not.toThrow();
  });
});

describe("Builder.build errors", () => {
  it("finds a cycle when the graph is built and shows its path", async () => {
    const error = await caught(() => build(["cyclic"]), "cycle");
    const cycle = error.details?.cycle as string[];
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect(new Set(cycle)).toEqual(new Set(["x", "y", "z"]));
    expect(error.message).toContain("→");
  });

  it("names both definitions of a duplicated node", async () => {
    const error = await caught(() => build(["duplicate-a", "duplicate-b"]), "duplicate_node");
    expect(error.node).toBe("shared");
    expect(error.details?.definitions).toEqual([
      expect.stringContaining("duplicate-a.ts:1"),
      expect.stringContaining("duplicate-b.ts:1"),
    ]);
  });

  it("rejects a destructured parameter, naming the function and how to fix it", async () => {
    const error = await caught(() => build(["destructured"]), "invalid_signature");
    expect(error.node).toBe("bad");
    expect(error.message).toMatch(/parameter/i);
  });

  it("rejects a rest parameter", async () => {
    const error = await caught(() => build(["rest-params"]), "invalid_signature");
    expect(error.node).toBe("sumAll");
  });

  it("rejects a parameter that names an exported non-function", async () => {
    const error = await caught(() => build(["non-function-export"]), "invalid_export");
    expect(error.node).toBe("above");
    expect(error.input).toBe("threshold");
  });

  it("accepts that parameter when config provides the value", async () => {
    const dr = await build(["non-function-export"], { threshold: 2 });
    expect(await dr.execute(["above"], { inputs: { values: [1, 2, 3] } })).toEqual({ above: [3] });
  });

  it("says which path it tried for a module that does not exist", async () => {
    const error = await caught(() => build(["no-such-module"]), "module_not_found");
    expect(error.message).toContain("no-such-module.ts");
  });

  it("rejects a module source that is neither a URL, a path nor a prebuilt module", async () => {
    const error = await caught(() => new Builder().withModules(123 as never).build(), "invalid_argument");
    expect(error.message).toContain("got the number 123");
  });

  it("asks for modules when none were given", async () => {
    await caught(() => new Builder().build(), "invalid_argument");
  });

  it("rejects config that is not an object", () => {
    expect(() => new Builder().withConfig([] as never)).toThrowError(expect.objectContaining({ code: "invalid_argument" }));
  });
});
