/**
 * Command-line values are read as the type their node declares, or refused: table-driven over
 * declared types, then the real binary for `run --input` and `build --out-dir` below a file.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Vector } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FuncflowError } from "funcflow";
import { readValues } from "../../src/cli/support/read-values.ts";
import { typedValue } from "../../src/cli/support/typed-value.ts";
import { funcflow } from "./support/run-cli.ts";

describe("readValues makes a declared Vector an Arrow vector", () => {
  it("--input spend=[1,2,3] for spend: Vector<Float64> is a Float64 vector; Vector<Utf8> a Utf8 one", async () => {
    const types: Record<string, string> = { spend: "Vector<Float64>", labels: "Vector<Utf8>", gaps: "Vector<Float64>" };
    const values = await readValues([], [["spend", "[1,2,3]"], ["labels", `["a","b"]`], ["gaps", "[1,null]"]], "--inputs", (name) => types[name]);
    const spend = values.spend as Vector;
    expect(String(spend.type)).toBe("Float64");
    expect(Array.from(spend.toArray() as Float64Array)).toEqual([1, 2, 3]);
    expect(String((values.labels as Vector).type)).toBe("Utf8");
    expect((values.gaps as Vector).nullCount).toBe(1);
  });
});

describe("readValues reads a JSON file's ISO string as the Date a node declares", () => {
  it("start_date: Date from a .json file becomes a Date; a string-typed value stays a string; a malformed date is refused naming the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "funcflow-json-dates-"));
    try {
      const types: Record<string, string> = { start_date: "Date", current_date: "Date | null", label: "string" };
      const good = join(dir, "inputs.json");
      await writeFile(good, JSON.stringify({ start_date: "2024-01-31", current_date: null, label: "2024-01-31" }));
      const values = await readValues([good], [], "--inputs", (name) => types[name]);
      expect(values).toEqual({ start_date: new Date(Date.UTC(2024, 0, 31)), current_date: null, label: "2024-01-31" });
      const bad = join(dir, "bad.json");
      await writeFile(bad, JSON.stringify({ start_date: "01/31/2024" }));
      const error = await readValues([bad], [], "--inputs", (name) => types[name]).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FuncflowError);
      expect((error as FuncflowError).message).toContain(`--inputs ${bad}:`);
      expect((error as FuncflowError).message).toContain(`"start_date" is declared as Date`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("typedValue reads a command-line value as its declared type", () => {
  const ACCEPTED: readonly [string, string, unknown][] = [
    ["number", "120", 120],
    ["number", "-1.5e3", -1500],
    ["Promise<number>", "3", 3],
    ["number | undefined", "7", 7],
    ["bigint", "12", 12n],
    ["boolean", "true", true],
    ["boolean", "false", false],
    ["string", "007", "007"],
    ["string", "abc", "abc"],
    [`"US" | "EU"`, "EU", "EU"],
    ["number[]", "[1,2]", [1, 2]],
    ["readonly string[]", `["a"]`, ["a"]],
    ["Array<number>", "[3]", [3]],
    ["{ a: number }", `{"a":1}`, { a: 1 }],
    ["Record<string, number>", `{"a":1}`, { a: 1 }],
    ["Vector<Float64>", "[1,2]", new Float64Array([1, 2])],
    ["Vector<Int32>", "[1,2]", new Int32Array([1, 2])],
    ["Vector<Float64>", "[1,null]", [1, null]],
    ["Vector<Utf8>", `["a"]`, ["a"]],
    ["Float64Array", "[0.5]", new Float64Array([0.5])],
    ["unknown", "x", "x"],
    ["Date", "2024-01-31", new Date(Date.UTC(2024, 0, 31))],
    ["Date", "2024-01-31T08:30:00Z", new Date(Date.UTC(2024, 0, 31, 8, 30))],
    ["Date", "2024-01-31T08:30:00+02:00", new Date(Date.UTC(2024, 0, 31, 6, 30))],
    ["Date | null", "2024-01-31", new Date(Date.UTC(2024, 0, 31))],
    ["Date | null", "null", null],
    ["number | null", "null", null],
    ["Promise<string | null>", "null", null],
    ["string", "null", "null"],
    // String literals as JavaScript reads them, split by the shared reader (escaped quotes and backslashes fooled the CLI's own).
    [`"C:\\\\" | "D:\\\\"`, "D:\\", "D:\\"],
    [`'it\\'s' | "a|b"`, "it's", "it's"],
    [`'it\\'s' | "a|b"`, "a|b", "a|b"],
  ];
  it.each(ACCEPTED)("%s from %s", (type, text, expected) => {
    expect(typedValue(text, type, "v", "--input")).toEqual(expected);
  });

  const REFUSED: readonly [string, string][] = [
    ["number", "abc"],
    ["number", ""],
    ["number", "12px"],
    ["bigint", "1.5"],
    ["boolean", "yes"],
    ["boolean", "1"],
    [`"US" | "EU"`, "FR"],
    ["number[]", "1,2"],
    ["number[]", `{"a":1}`],
    ["{ a: number }", "[1]"],
    ["Record<string, number>", "x"],
    ["Vector<Float64>", "1,2"],
    ["Vector<Float64>", `[1,"a"]`],
    ["Float64Array", "[true]"],
    ["string[]", "[1,2]"],
    ["readonly string[]", `["a",null]`],
    ["number[]", `["1"]`],
    ["Array<boolean>", "[1]"],
    ["Date", "tomorrow"],
    ["Date", "1704067200000"],
    ["Date", "2024-13-01"],
    ["Date", "2024-02-30"],
    ["Date", "2024-02-30T10:00Z"],
    ["Date", "2024-04-31T00:00:00.000Z"],
    ["Date", "01/31/2024"],
    ["Date", "null"],
    ["number", "null"],
  ];
  it.each(REFUSED)("refuses %s from %j", (type, text) => {
    let error: unknown;
    try {
      typedValue(text, type, "v", "--input");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe("invalid_argument");
    expect((error as FuncflowError).message).toContain(`"v" is declared as ${type}`);
  });

  it.each([
    ["string[]", "series_a", `--input v='["a","b"]'`],
    ["readonly string[]", "x", `--input v='["a","b"]'`],
    ["number[]", "1", "--input v='[1,2,3]'"],
    ["Date", "soon", "--input v=2024-01-31"],
  ])("the refusal of %s from %j shows a value of that type", (type, text, example) => {
    let error: unknown;
    try {
      typedValue(text, type, "v", "--input");
    } catch (caught) {
      error = caught;
    }
    expect((error as FuncflowError).message).toContain(`e.g. ${example}.`);
  });
});

describe("the funcflow binary", () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "funcflow-cli-bad-values-"));
    await writeFile(join(scratch, "plain-file"), "not a folder");
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("refuses `run --input sales=abc` for `sales: number` with a coded error, and runs sales=120", async () => {
    const args = ["run", "tests/fixtures/modules/robust/typos.ts", "--set", "region=US", "--outputs", "net", "--json"];
    const refused = await funcflow([...args, "--input", "sales=abc"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`--input sales=abc: "sales" is declared as number, and "abc" is not a number.`);
    expect(refused.stderr).toContain("(error code: invalid_argument");
    const ran = await funcflow([...args, "--input", "sales=100"]);
    expect(ran.stderr).toBe("");
    expect(JSON.parse(ran.stdout).outputs.net).toBeCloseTo(93, 9);
  });

  it("`build --out-dir` below a regular file reports the real io_failed, never the cleanup's ENOTDIR", async () => {
    const result = await funcflow(["build", "tests/fixtures/modules/robust/typos.ts", "--set", "region=US", "--no-typecheck", "--out-dir", join(scratch, "plain-file", "out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain("unexpected error");
    expect(result.stderr).toContain("(error code: io_failed");
    expect(result.stderr).toMatch(/funcflow build: writing ".*plain-file\/out\/typos\.funcflow\.json" failed/);
  });
});
