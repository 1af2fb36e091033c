/**
 * Follows Hamilton's tests/function_modifiers/test_validation.py (facts only): `check_output`
 * and `check_output_custom` make `<fn>_raw`, one validator node per check and `<fn>`, which
 * reads them all and returns the raw value; `warn` failures are reported and the value passes
 * on, `fail` failures stop the run together; duplicate validators are numbered; validator nodes
 * are tagged. Names follow funcflow's `<fn>_<name>_validator` (docs/hamilton.md).
 */
import fc from "fast-check";
import { Utf8, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError, type DataQualityWarning } from "funcflow";
import { afterAll } from "vitest";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";
import { builtInValidator } from "../../src/decorators/data-validators.ts";

afterAll(removeInlineModules);

const fixture = new URL("../fixtures/hamilton-tests/validators.ts", import.meta.url);

async function withWarnings() {
  const warnings: DataQualityWarning[] = [];
  const dr = await new Builder()
    .withModules(fixture)
    .withManifestCache(false)
    .withAdapters({ name: "collectWarnings", onDataQualityWarning: (warning) => void warnings.push(warning) })
    .build();
  return { dr, warnings };
}

const { dr, warnings } = await withWarnings();
const namesOf = (prefix: string) =>
  dr
    .listNodes()
    .map((node) => node.name)
    .filter((name) => name === prefix || name.startsWith(`${prefix}_`))
    .sort();

describe("checkOutput / checkOutputCustom node layout (test_check_output_node_transform, test_check_output_custom_node_transform)", () => {
  it.each([
    ["warned", ["warned", "warned_dummyDataValidator2_validator", "warned_dummyDataValidator3_validator", "warned_raw"]],
    ["builtIn", ["builtIn", "builtIn_dataType_validator", "builtIn_range_validator", "builtIn_raw"]],
  ])("%s makes <fn>_raw, one validator node per check, and <fn>", (name, expected) => {
    expect(namesOf(name)).toEqual(expected);
  });

  it("keeps the function's own parameters, required, on <fn>_raw; <fn> reads the raw value and every validator", () => {
    expect(dr.node("warned_raw").dependencies.map((d) => [d.name, d.optional])).toEqual([["input", false]]);
    expect(dr.node("warned").dependencies.map((d) => d.name)).toEqual(["warned_raw", "warned_dummyDataValidator2_validator", "warned_dummyDataValidator3_validator"]);
    expect(dr.node("warned_dummyDataValidator2_validator").dependencies.map((d) => d.name)).toEqual(["warned_raw"]);
  });

  it("numbers a validator that appears twice (test_check_output_custom_node_transform_duplicate)", () => {
    expect(namesOf("duplicated")).toEqual(["duplicated", "duplicated_dummyDataValidator2_validator", "duplicated_dummyDataValidator2_validator_1", "duplicated_raw"]);
  });

  it("tags each validator node as one, with the node it checks (test_data_quality_constants_for_api_consistency; tag names per docs/hamilton.md)", () => {
    const validators = dr.listNodes({ tags: { "data_quality.source": "warned" } });
    expect(validators.map((node) => node.name)).toEqual(["warned_dummyDataValidator2_validator", "warned_dummyDataValidator3_validator"]);
    expect(validators[0]!.tags).toMatchObject({ "data_quality.importance": "warn", "data_quality.validator": "dummyDataValidator2", "data_quality.source": "warned" });
    expect(validators.every((node) => node.role === "validator")).toBe(true);
  });
});

describe("running checks", () => {
  it("returns the raw value when every check passes, with no warning", async () => {
    warnings.length = 0;
    expect(await dr.execute(["warned", "builtIn"], { inputs: { input: [3], x: 4 } })).toEqual({ warned: [3], builtIn: 4 });
    expect(warnings).toEqual([]);
  });

  it("a warn failure reports a warning per failed check and passes the value on", async () => {
    warnings.length = 0;
    expect(await dr.execute(["warned"], { inputs: { input: [1.5, 2] } })).toEqual({ warned: [1.5, 2] });
    expect(warnings.map((w) => [w.node, w.validator, w.validatorNode])).toEqual([
      ["warned", "dummyDataValidator2", "warned_dummyDataValidator2_validator"],
      ["warned", "dummyDataValidator3", "warned_dummyDataValidator3_validator"],
    ]);
  });

  it("fail failures stop the run with one error listing them all (test_check_output_custom_node_transform_raises_exception_with_failure)", async () => {
    const error = await caught(dr.execute(["failing"], { inputs: { input: [1.5, 2, 3] } }));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("check_failed");
    expect(error.node).toBe("failing");
    expect(error.message).toContain("2 data-quality checks failed");
    expect(error.message).toContain("failing_dummyDataValidator2_validator");
    expect(error.message).toContain("failing_dummyDataValidator3_validator");
  });

  it("a fail check fails the run while a warn check beside it only warns", async () => {
    warnings.length = 0;
    const error = await caught(dr.execute(["mixed"], { inputs: { input: [1.5, 2] } }));
    expect(error.message).toContain("1 data-quality check failed");
    expect(error.message).toContain("mixed_dummyDataValidator3_validator");
    expect(warnings.map((w) => w.validatorNode)).toEqual(["mixed_dummyDataValidator2_validator"]);
  });

  it("importance defaults to warn, as in Hamilton: a failed check with none set only warns", async () => {
    warnings.length = 0;
    expect(await dr.execute(["defaulted"], { inputs: { y: 5 } })).toEqual({ defaulted: 5 });
    expect(warnings.map((w) => w.validatorNode)).toEqual(["defaulted_range_validator"]);
    expect(dr.node("defaulted_range_validator").tags["data_quality.importance"]).toBe("warn");
  });

  it("the validator nodes can be requested, each holding its result", async () => {
    const result = await dr.execute(["builtInFailing_range_validator"], { inputs: { x: 7 } });
    expect(result.builtInFailing_range_validator).toMatchObject({ passes: false });
  });
});

describe("misuse", () => {
  it("refuses two checks stacked on one node, which would make <fn>_raw twice (test_check_output_custom_node_transform_layered)", async () => {
    const error = await caught(
      buildSource(`
        const v = (name: string): ff.DataValidator => ({ name, importance: "warn", validate: () => ({ passes: true, message: "ok" }) });
        export const fn = ff.checkOutputCustom([v("a")], ff.checkOutputCustom([v("b")], (input: number): number => input));
      `),
    );
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toMatch(/checkOutput|checkOutputCustom/);
  });

  it("refuses checkOutput with no check at all", async () => {
    const error = await caught(buildSource(`export const fn = ff.checkOutput({ importance: "warn" }, (input: number): number => input);`));
    expect(error.code).toBe("invalid_modifier");
  });
});

describe("numeric checks on values that are not numbers (test_check_output_validation_error)", () => {
  it.each(["string", "string[]", "readonly string[]", "Promise<string>", `"a" | "b"`])(
    "refuses range or meanInRange on a function declared to return %s when the graph is built",
    async (type) => {
      const body = type.startsWith("Promise") ? `async (): ${type} => "x"` : `(): ${type} => undefined as never`;
      const error = await caught(buildSource(`export const fn = ff.checkOutput({ range: [0, 1], meanInRange: [0, 1] }, ${body});`));
      expect(error.code).toBe("invalid_modifier");
      expect(error.message).toContain(`range and meanInRange check numbers, but "fn" is declared to return ${type.replace(/^Promise<(.*)>$/, "$1")}`);
    },
  );

  it("still builds text checks on text, and numeric checks on numbers and booleans", async () => {
    const dr = await buildSource(`
      export const text = ff.checkOutput({ valuesIn: ["a"], dataType: "string" }, (): string => "a");
      export const flags = ff.checkOutput({ range: [0, 1] }, (): boolean[] => [true, false]);
    `);
    expect(await dr.execute(["text", "flags"])).toEqual({ text: "a", flags: [true, false] });
  });

  it.each([
    ["a string", "abc"],
    ["strings", ["a", "b"]],
    ["a Utf8 column", vectorFromArray(["a", "b"], new Utf8())],
    ["objects mixed with numbers", [0.5, { x: 1 }]],
  ])("fails range and meanInRange at run time on %s, where they used to pass without reading a number", (_, value) => {
    for (const check of ["range", "meanInRange"] as const) {
      const result = builtInValidator(check, [0, 1], "fail").validate(value);
      expect(result.passes).toBe(false);
      expect(result.message).toContain(`${check} checks numbers`);
    }
  });

  it("property: range passes exactly when every number lies within it (a NaN never does, as Hamilton's min <= x <= max and Series.between say; nulls aside), and fails on any non-number", () => {
    const element = fc.oneof(fc.double({ noNaN: false }), fc.constant(Number.NaN), fc.constant(null), fc.string(), fc.boolean());
    fc.assert(
      fc.property(fc.array(element, { maxLength: 20 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: 0, max: 1e6 }), (values, low, width) => {
        const range: [number, number] = [low, low + width];
        const numbers = values.filter((v): v is number => typeof v === "number");
        const others = values.filter((v) => typeof v === "string");
        const expected = others.length === 0 && numbers.every((n) => n >= range[0] && n <= range[1]);
        expect(builtInValidator("range", range, "fail").validate(values).passes).toBe(expected);
      }),
    );
  });
});

describe("checks beside an output pipe: the wrapper nearest the function acts first, as in Hamilton", () => {
  const source = (outer: "check" | "pipe") => {
    const check = (inner: string) => `ff.checkOutput({ range: [0, 1], importance: "fail" }, ${inner})`;
    const pipe = (inner: string) => `ff.pipeOutput(ff.step(inc), ${inner})`;
    const fn = "(x: number): number => x";
    return `const inc = (v: number): number => v + 1;\nexport const n = ${outer === "check" ? check(pipe(fn)) : pipe(check(fn))};`;
  };

  it("checkOutput outside pipeOutput checks the piped value", async () => {
    const dr = await buildSource(source("check"));
    expect(dr.node("n_raw").dependencies.map((d) => d.name)).toEqual(["n.with_inc"]);
    const error = await caught(dr.execute(["n"], { inputs: { x: 0.5 } }));
    expect(error.message).toContain("n_range_validator");
  });

  it("pipeOutput outside checkOutput pipes the checked value", async () => {
    const dr = await buildSource(source("pipe"));
    expect(dr.node("n.raw").dependencies.map((d) => d.name)).toEqual(["n_raw", "n_range_validator"]);
    expect(await dr.execute(["n"], { inputs: { x: 0.5 } })).toEqual({ n: 1.5 });
  });
});
