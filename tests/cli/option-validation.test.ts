/**
 * Every option of every command is checked when the command line is parsed, before anything
 * loads: a missing value, an empty one, the next option taken as a value, a wrong type or an
 * unknown choice exits 2 with a message naming the option. Table-driven over the options the
 * program itself declares, so a new option must be classified here; run in-process through the
 * CLI's exported main() (no child processes).
 */
import { describe, expect, it } from "vitest";
import { captureOutput } from "../support/captured-output.ts";
import type { Command, Option } from "commander";
import { main } from "../../src/cli/index.ts";
import { createProgram } from "../../src/cli/program.ts";
import { TABLE_EXTENSIONS } from "../../src/cli/support/parse-options.ts";
import { tableFormatOf } from "../../src/io/index.ts";

/** Positional arguments and required options that let each command's line parse. */
const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  build: ["nowhere.ts"],
  list: ["nowhere.ts"],
  validate: ["nowhere.ts"],
  view: ["nowhere.ts"],
  run: ["nowhere.ts"],
  diff: ["nowhere.ts"],
  serve: ["nowhere.ts"],
  "envelope save": ["nowhere.ts", "--name", "n"],
  "envelope list": [],
  "envelope show": ["x"],
  "envelope tag": ["x", "k=v"],
  "envelope metric": ["x", "k=1"],
  "envelope export": ["x", "x.tgz"],
  "envelope import": ["x.tgz"],
  batch: ["x", "--inputs", "in.csv", "--out", "out.csv"],
  ui: ["nowhere.ts"],
  worker: ["nowhere.ts", "--redis", "redis://127.0.0.1:1"],
};

const COUNT = ["abc", "-1", "2.5", "1e999"];
/** Wrong values of typed options, by flag (or "command flag" where commands differ), with a value each accepts. */
const TYPED: Readonly<Record<string, { readonly bad: readonly string[]; readonly good: string }>> = {
  "--port": { bad: [...COUNT, "70000"], good: "0" },
  "--timeout": { bad: [...COUNT, "0"], good: "500" },
  "serve --concurrency": { bad: [...COUNT, "0"], good: "4" },
  "worker --concurrency": { bad: [...COUNT, "0"], good: "2" },
  "--body-limit": { bad: [...COUNT, "0"], good: "1024" },
  "--batch-rows": { bad: [...COUNT, "0"], good: "100" },
  "--lock-ms": { bad: [...COUNT, "99"], good: "1000" },
  "--stalled-ms": { bad: [...COUNT, "99"], good: "1000" },
  "--hops": { bad: COUNT, good: "2" },
  "--kind": { bad: ["module", "Function"], good: "input" },
  "--format": { bad: ["jpg"], good: "svg" },
  "--orient": { bad: ["UP", "lr"], good: "TB" },
  "--config": { bad: [`{"region":`, `[1,2]`, `{"a":1`], good: `{"region":"US"}` },
  "--materialize": { bad: [`{"save":`, `[1,2]`], good: `{"save":{"a":"a.json"}}` },
  "--set": { bad: ["region", "=US"], good: "region=US" },
  "--tag": { bad: ["owner", "=data"], good: "owner=data" },
  "--input": { bad: ["sales", "=1"], good: "sales=1" },
  "--override": { bad: ["sales"], good: "sales=1" },
  "--metric": { bad: ["rmse=abc", "rmse=", "rmse"], good: "rmse=0.12" },
  "--outputs": { bad: [",", " , "], good: "a,b" },
  "--around": { bad: [","], good: "a" },
  "--upstream-of": { bad: [","], good: "a" },
  "--downstream-of": { bad: [","], good: "a" },
  "--inputs": { bad: ["data.txt", "data", ","], good: "data.csv" },
  "--overrides": { bad: ["values.yaml"], good: "values.json" },
  "--example": { bad: ["example.txt"], good: "example.parquet" },
  "--out": { bad: ["result.txt", "result"], good: "result.parquet" },
  "--output": { bad: ["graph.jpg", "graph"], good: "graph.svg" },
  "--run": { bad: ["run.json"], good: "run.json --html page.html" },
  "--csv-delimiter": { bad: [";;", '"'], good: ";" },
  "--redis": { bad: ["127.0.0.1:6379", "http://127.0.0.1:6379", "redis://"], good: "rediss://cache.example:6380/2" },
};
/** Options whose value is any non-empty text (a path, a name, a git ref): checked only for being given and non-empty. */
const FREE_TEXT = new Set(["--out-dir", "--types", "--tsconfig", "--ref", "--host", "--registry", "--name", "--description", "--html", "--log", "--runs-dir", "--queue", "--prefix", "--store", "--record", "--cache", "--null-value"]);

interface Case {
  readonly command: string;
  readonly option: Option;
  readonly typed: { readonly bad: readonly string[]; readonly good: string } | undefined;
}

function leafCommands(command: Command, path: readonly string[] = []): { path: string; command: Command }[] {
  if (command.commands.length === 0) return [{ path: path.join(" "), command }];
  return command.commands.flatMap((sub) => leafCommands(sub, [...path, sub.name()]));
}

const leaves = leafCommands(createProgram({ exitCode: 0 }));
const cases: Case[] = leaves.flatMap(({ path, command }) =>
  command.options
    .filter((option) => option.required || option.optional)
    .map((option) => ({ command: path, option, typed: TYPED[`${path} ${option.long}`] ?? TYPED[option.long!] })),
);

const output = captureOutput();

const cli = (command: string, ...args: string[]) => main(["node", "funcflow", ...command.split(" "), ...COMMANDS[command]!, ...args]);

describe("the table covers the program", () => {
  it("every command has its arguments here, and every option taking a value is typed or known as free text", () => {
    expect(leaves.map(({ path }) => path).sort()).toEqual(Object.keys(COMMANDS).sort());
    const unclassified = cases.filter(({ option, typed }) => typed === undefined && !FREE_TEXT.has(option.long!)).map(({ command, option }) => `${command} ${option.flags}`);
    expect(unclassified).toEqual([]);
  });

  it("the CLI's table extensions are the ones io reads and writes", () => {
    for (const extension of TABLE_EXTENSIONS) expect(() => tableFormatOf(`x${extension}`)).not.toThrow();
  });
});

describe.each(cases.map((entry) => ({ ...entry, name: `${entry.command} ${entry.option.flags}` })))("$name", ({ command, option, typed }) => {
  const named = `option '${option.flags}'`;
  const flag = option.long!;

  // Cases that do not apply to an option are not made at all, so nothing is reported as skipped.
  if (option.required) it("a missing value exits 2 naming the option", async () => {
    expect(await cli(command, flag)).toBe(2);
    expect(output.stderr).toContain(named);
  });

  // An optional value (`--cache [dir]`) is never taken from the next option: commander leaves it be.
  it("an empty value, or the next option taken as its value, exits 2 naming the option", async () => {
    for (const value of option.required ? ["", "--verbose"] : [""]) {
      output.stderr = "";
      expect(await cli(command, flag, value), JSON.stringify(value)).toBe(2);
      expect(output.stderr).toContain(named);
    }
  });

  if (typed !== undefined) it("a wrong value exits 2 naming the option", async () => {
    for (const value of typed.bad) {
      output.stderr = "";
      expect(await cli(command, flag, value), value).toBe(2);
      expect(output.stderr, value).toContain(named);
    }
  });
});

describe("values each option accepts pass the parse (the command itself is not run)", () => {
  it.each(cases.filter((entry) => entry.typed !== undefined).map((entry) => ({ ...entry, name: `${entry.command} ${entry.option.flags}` })))("$name", async ({ command, option, typed }) => {
    const program = createProgram({ exitCode: 0 });
    let ran = false;
    for (const { path, command: leaf } of leafCommands(program)) if (path === command) leaf.action(() => void (ran = true));
    await program.parseAsync(["node", "funcflow", ...command.split(" "), ...COMMANDS[command]!, option.long!, ...typed!.good.split(" ")]);
    expect(ran).toBe(true);
  });
});

describe("other command-line mistakes", () => {
  it.each([
    ["envelope tag", ["x", "stage"], "'stage' is invalid"],
    ["envelope tag", ["x", "=prod"], "'=prod' is invalid"],
    ["envelope metric", ["x", "rmse=abc"], `"abc" is not a number`],
    ["envelope metric", ["x", "rmse=1", "mae"], "'mae' is invalid"],
  ])("%s %j: a bad key=value argument exits 2 naming it", async (command, args, words) => {
    expect(await main(["node", "funcflow", ...command.split(" "), ...args])).toBe(2);
    expect(output.stderr).toContain("command-argument value");
    expect(output.stderr).toContain(words);
  });

  it("good key=value arguments parse, key= included (it removes the tag or metric)", async () => {
    for (const [command, pairs] of [["envelope tag", ["stage=prod", "owner="]], ["envelope metric", ["rmse=0.12", "mae="]]] as const) {
      const program = createProgram({ exitCode: 0 });
      let received: unknown;
      for (const { path, command: leaf } of leafCommands(program)) if (path === command) leaf.action((_reference: string, parsed: unknown) => void (received = parsed));
      await program.parseAsync(["node", "funcflow", ...command.split(" "), "x", ...pairs]);
      expect(received).toEqual(pairs.map((pair) => pair.split("=")));
    }
  });


  it.each(Object.keys(COMMANDS))("%s: an unknown option exits 2 naming it", async (command) => {
    expect(await cli(command, "--nosuch")).toBe(2);
    expect(output.stderr).toContain("unknown option '--nosuch'");
  });
});
