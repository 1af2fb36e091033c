/**
 * An input several functions read takes the type every one of them accepts (Hamilton keeps the
 * tighter of two consumers' types): through the public Builder, `funcflow list` and serve's
 * request schema; types surely sharing no value fail the build naming the input and consumers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { createServeApp } from "funcflow/serve";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";
import { narrowInputType } from "../../src/assembly/narrow-input-type.ts";
import type { NodeSpec } from "../../src/graph/index.ts";

const dir = mkdtempSync(join(tmpdir(), "funcflow-narrow-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let written = 0;

/** A module whose functions `f0`, `f1`, … each read the input `a` as one of `types`. */
function moduleReading(types: readonly string[], extra = ""): string {
  const file = join(dir, `consumers-${++written}.ts`);
  const functions = types.map((type, index) => `export function f${index}(a: ${type}): number {\n  return ${index};\n}`);
  writeFileSync(file, `${extra}${functions.join("\n")}\n`);
  return file;
}

const build = (file: string) => new Builder().withModules(file).withManifestCache(false).build();

describe("an input's type is the one every consumer accepts", () => {
  it.each([
    // one consumer's type within the other's, in either order
    [["number | string", "string"], "string"],
    [["string", "number | string"], "string"],
    [["string | null", "string | null | undefined", "string"], "string"],
    // literals within their primitive
    [["string", '"a" | "b"'], '"a" | "b"'],
    [["number | boolean", "1 | 2"], "1 | 2"],
    [["boolean", "true"], "true"],
    // one literal, written with different quotes or digits
    [[`'x' | 'y'`, '"x"'], '"x"'],
    [['"x" | "y"', "'x' | 'z'"], '"x"'],
    [["1.0 | 2", "1 | 3"], "1"],
    // neither within the other: the members they share
    [["number | string", "string | boolean"], "string"],
    [["string | 1", "number | \"x\""], '1 | "x"'],
    [["number | string | null", "string | null | Date", "string | boolean | null"], "string | null"],
    // texts that cannot decide keep the first consumer's type (the static check asks the checker)
    [["Summary", "number"], "Summary"],
    [["number[]", "string[]"], "number[]"],
    // an object type a primitive may satisfy (TypeScript gives strings a length, numbers toFixed)
    [["string", "{ length: number }"], "string"],
    [["{}", "number"], "{}"],
    [["number", "{ toFixed(): string }"], "number"],
    // untyped consumers narrow nothing
    [["unknown", "number"], "number"],
    [["number", "any"], "number"],
    [["number | unknown", "string"], "string"],
    // brackets, strings and arrows are read by the shared splitter
    [['"a|b" | "c"', '"a|b"'], '"a|b"'],
    [["Array<() => void> | null", "Array<() => void>"], "Array<() => void>"],
    [["Map<string, number> | readonly string[]", "string[]"], "string[]"],
  ] as const)("%j → %s", async (types, expected) => {
    const summary = "export interface Summary { readonly total: number }\n";
    const driver = await build(moduleReading(types, summary));
    expect(driver.node("a")).toMatchObject({ kind: "input", type: expected });
  });

  it.each([
    [["number", "string"]],
    [['"a" | "b"', '"c"']],
    [["number | null", "string"]],
    [["string", "number[]"]],
    [["boolean", "() => void"]],
    [["number | string", "string | boolean", "number"]],
  ] as const)("%j share no value: the build fails naming the input and every consumer", async (types) => {
    const file = moduleReading(types);
    const error = await rejection(build(file));
    expect(error).toMatchObject({ code: "edge_type_mismatch", input: "a", neededBy: types.map((_, index) => `f${index}`) });
    for (const [index, type] of types.entries()) expect(error.message).toContain(`f${index}(a) takes ${type}`);
    expect(error.message).toContain(`input "a": no one type fits every function that asks for it`);
  });

  it("lists every input in conflict in one error, not only the first", async () => {
    const file = join(dir, `two-conflicts-${++written}.ts`);
    const reading = (name: string, input: string, type: string) => `export function ${name}(${input}: ${type}): number {\n  return 1;\n}\n`;
    writeFileSync(file, reading("f", "a", "number") + reading("g", "a", "string") + reading("h", "b", "boolean") + reading("k", "b", "number[]"));
    const error = await rejection(build(file));
    expect(error).toMatchObject({ code: "edge_type_mismatch", input: "a", neededBy: ["f", "g"] });
    expect(error.message).toContain(`input "a": no one type fits every function that asks for it`);
    expect(error.message).toContain(`input "b": no one type fits every function that asks for it`);
    expect(error.message).toContain("k(b) takes number[]");
    expect(error.details?.["conflicts"]).toMatchObject([{ input: "a", neededBy: ["f", "g"] }, { input: "b", neededBy: ["h", "k"] }]);
  });

  it("leaves a config key's type alone: its value is given", async () => {
    const driver = await new Builder().withModules(moduleReading(["number", "string"])).withConfig({ a: 1 }).withManifestCache(false).build();
    expect(driver.node("a")).toMatchObject({ kind: "config", type: "number" });
  });
});

describe("narrowInputType over primitive unions (property)", () => {
  const PRIMITIVES = ["number", "string", "boolean", "bigint", "null", "undefined"];
  const consumer = (index: number) => ({ name: `f${index}`, source: { module: "m.ts", exportName: `f${index}`, line: index + 1 } }) as unknown as NodeSpec;

  it("is the members every consumer lists, in any order of consumers, or a conflict naming them all when there are none", () => {
    fc.assert(
      fc.property(fc.array(fc.subarray(PRIMITIVES, { minLength: 1 }), { minLength: 2, maxLength: 5 }), (unions) => {
        const uses = unions.map((members, index) => ({ type: members.join(" | "), consumer: consumer(index) }));
        const shared = PRIMITIVES.filter((member) => unions.every((members) => members.includes(member)));
        if (shared.length === 0) {
          expect(() => narrowInputType("a", uses)).toThrowError(expect.objectContaining({ code: "edge_type_mismatch", input: "a", neededBy: uses.map((use) => use.consumer.name) }));
        } else {
          expect(narrowInputType("a", uses).split(" | ").sort()).toEqual([...shared].sort());
        }
      }),
    );
  });
});

describe("the narrowed type reaches what shows inputs", () => {
  it("funcflow list prints it, in the table and as JSON", async () => {
    const file = moduleReading(["number | string", "string"]);
    const table = await runCliInProcess(["list", file, "--kind", "input"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^a\s+input\s+string\s/m);
    const json = await runCliInProcess(["list", file, "--kind", "input", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject([{ name: "a", kind: "input", type: "string" }]);
  });

  it("funcflow run reads --input as the narrowed type: a=3 is the string \"3\" when one consumer takes only strings", async () => {
    const file = join(dir, `kinds-${++written}.ts`);
    writeFileSync(file, `export function loose(a: number | string): string {\n  return typeof a;\n}\nexport function strict(a: string): string {\n  return typeof a;\n}\n`);
    const outcome = await runCliInProcess(["run", file, "--outputs", "loose,strict", "--input", "a=3", "--json", "--no-type-check"]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ outputs: { loose: "string", strict: "string" } });
  });

  it("funcflow list fails with the conflict", async () => {
    const outcome = await runCliInProcess(["list", moduleReading(["number", "string"])]);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain(`input "a": no one type fits every function that asks for it`);
  });

  it("the DOT label carries it", async () => {
    const driver = await build(moduleReading(["number | string", "string | boolean"]));
    expect(driver.toDot()).toContain(`"a" [shape="parallelogram", style="dashed", label="a\\n: string"];`);
  });

  it("serve's request schema takes only what every consumer accepts", async () => {
    const driver = await build(moduleReading(["number | string", '"x" | "y" | boolean']));
    const app = await createServeApp(driver, { logLevel: false });
    try {
      const document = (await (await app.inject({ method: "GET", url: "/openapi.json" })).json()) as Record<string, any>;
      const schema = document.paths["/outputs/f0"].post.requestBody.content["application/json"].schema;
      expect(schema.properties.a).toMatchObject({ enum: ["x", "y"] });
      const refused = await app.inject({ method: "POST", url: "/outputs/f0", payload: { a: 3 } });
      expect(refused.statusCode).toBe(422);
      const accepted = await app.inject({ method: "POST", url: "/outputs/f0", payload: { a: "y" } });
      expect(accepted.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe("the static check (withTypeCheck, funcflow build) agrees", () => {
  it("overlapping unions build under the type check, and the typings declare their intersection", async () => {
    const file = moduleReading(["number | string", "string | boolean"]);
    const driver = await new Builder().withModules(file).withManifestCache(false).withTypeCheck({ cacheDir: false }).build();
    expect(driver.node("a").type).toBe("string");
    const types = join(dir, `typings-${written}.d.ts`);
    const outcome = await runCliInProcess(["build", file, "--types", types, "--out-dir", dir]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(readFileSync(types, "utf8")).toMatch(/readonly a: \(Parameters<typeof M0\.f0>\[0\]\) & \(Parameters<typeof M0\.f1>\[0\]\);/);
  });

  it("unions sharing no member are still a conflict there", async () => {
    const file = moduleReading(["number | null", "string | boolean"]);
    const error = await rejection(new Builder().withModules(file).withManifestCache(false).build());
    expect(error).toMatchObject({ code: "edge_type_mismatch", input: "a" });
  });
});
