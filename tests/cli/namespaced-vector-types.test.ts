/**
 * `arrow.Vector<arrow.Int32>` (from `import * as arrow from "apache-arrow"`) is the same column
 * type to the CLI as `Vector<Int32>`: a vector for `--input`, and a declared type for a CSV or
 * JSON `--inputs` table's column, as `funcflow batch` already reads it.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredVectorElement, isVectorType } from "../../src/cli/support/typed-value.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

describe("the CLI reads namespace-qualified Vector declarations", () => {
  it.each([
    ["Vector<Int32>", true, "Int32"],
    ["arrow.Vector<arrow.Int32>", true, "Int32"],
    ["arrow.Vector<Int32>", true, "Int32"],
    ["Vector<arrow.DateDay>", true, "DateDay"],
    ["Arrow.Vector< Arrow.Utf8 >", true, "Utf8"],
    ["arrow.Vector", true, undefined],
    ["Vector", true, undefined],
    ["arrow.Vector<arrow.Int32> | null", true, "Int32"],
    ["Promise<arrow.Vector<arrow.Float64>>", true, "Float64"],
    // Not a vector: only one optional qualifier, on a name, before the dot.
    ["a.b.Vector<Int32>", false, undefined],
    ["arrow.Vectors<arrow.Int32>", false, undefined],
    ["MyVector<Int32>", false, undefined],
    [".Vector<Int32>", false, undefined],
    ["arrow.Vector<.Int32>", false, undefined],
    ["Vector<arrow.Int32[]>", false, undefined],
  ] as const)("%s: vector %s, element %s", (typeText, vector, element) => {
    expect(isVectorType(typeText)).toBe(vector);
    expect(declaredVectorElement(typeText)).toBe(element);
  });

  const qualified = "tests/cli/fixtures/namespaced-columns.ts";
  const plain = "tests/cli/fixtures/declared-columns.ts";
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "funcflow-namespaced-"));
    await writeFile(join(dir, "rows.csv"), "count,zip,day\n1,02134,2024-01-31\n2,10001,2024-02-01\n");
    await writeFile(join(dir, "rows.json"), JSON.stringify([{ count: 1, zip: "02134", day: "2024-01-31" }, { count: 2, zip: "10001", day: "2024-02-01" }]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ["--input", ["--input", "count=[1,2]"], "counts", "Int32:1|2"],
    ["--input", ["--input", `zip=["02134","10001"]`], "zips", "Utf8:02134|10001"],
    ["--input", ["--input", "amount=[1.5,2]"], "amounts", "Float64:1.5|2"],
    ["a CSV table", ["--inputs", "rows.csv"], "counts,zips,days", "Int32:1|2 Utf8:02134|10001 Date32<DAY>:2024-01-31|2024-02-01"],
    ["a JSON table", ["--inputs", "rows.json"], "counts,zips,days", "Int32:1|2 Utf8:02134|10001 Date32<DAY>:2024-01-31|2024-02-01"],
  ])("%s %j gives %s as the unqualified declaration does", async (_how, args, outputs, expected) => {
    const withFiles = args.map((arg) => (arg.endsWith(".csv") || arg.endsWith(".json") ? join(dir, arg) : arg));
    for (const module of [qualified, plain]) {
      const { code, stdout, stderr } = await runCliInProcess(["run", module, ...withFiles, "--outputs", outputs, "--json"]);
      expect(stderr, module).toBe("");
      expect(code, module).toBe(0);
      const values = outputs.split(",").map((name) => JSON.parse(stdout).outputs[name]);
      expect(values.join(" "), module).toBe(expected);
    }
  });
});
