/**
 * Claims of docs/cli.md's shared-options table and `funcflow list` section that no other test
 * checked, run in-process through main().
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { captureOutput } from "../support/captured-output.ts";
import { main } from "../../src/cli/index.ts";
import { readConfig } from "../../src/cli/support/read-config.ts";

const doc = readFileSync(new URL("../../docs/cli.md", import.meta.url), "utf8");
const basic = fileURLToPath(new URL("../fixtures/modules/basic.ts", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "funcflow-cli-md-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const output = captureOutput();

const cli = (...args: string[]) => main(["node", "funcflow", ...args]);
const listed = () => output.stdout.split("\n").slice(2, -2).map((line) => line.split(/\s+/)[0]);

describe("docs/cli.md", () => {
  it("--inputs is repeatable and a later file's name wins; --outputs is repeatable", async () => {
    expect(doc).toContain("(repeatable; a later name wins)");
    expect(doc).toContain("node names (comma-separated, repeatable)");
    const first = join(scratch, "first.json");
    const second = join(scratch, "second.json");
    writeFileSync(first, JSON.stringify({ a: 1, y: 2 }));
    writeFileSync(second, JSON.stringify({ a: 10 }));
    expect(await cli("run", basic, "--set", "language=en", "--inputs", first, "--inputs", second, "--outputs", "c", "--outputs", "b", "--json", "--no-type-check")).toBe(0);
    expect(JSON.parse(output.stdout).outputs).toEqual({ c: 22, b: 11 });
  });

  it("--set key=value is read as JSON when it parses, and wins over --config", async () => {
    expect(doc).toContain("read as JSON when it parses, so `--set n=3` is a number");
    expect(await readConfig(undefined, [["n", "3"], ["flags", "[true]"], ["region", "US"]])).toEqual({ n: 3, flags: [true], region: "US" });
    expect(await cli("run", basic, "--config", '{"language":"fr"}', "--set", "language=en", "--outputs", "greeting", "--json", "--no-type-check")).toBe(0);
    expect(output.stdout).toContain('"greeting": "hello"');
  });

  it("list --tag key=* matches any value of the key, and repeated --tag options combine with AND", async () => {
    expect(doc).toContain("`--tag owner=data` (`key=*` for any value; repeat for AND)");
    expect(await cli("list", basic, "--set", "language=en", "--tag", "stage=*")).toBe(0);
    expect(listed()).toEqual(["e"]);
    output.stdout = "";
    expect(await cli("list", basic, "--set", "language=en", "--tag", "owner=growth", "--tag", "stage=daily")).toBe(0);
    expect(listed()).toEqual(["e"]);
    output.stdout = "";
    expect(await cli("list", basic, "--set", "language=en", "--tag", "owner=growth", "--tag", "stage=weekly")).toBe(0);
    expect(output.stdout).toContain("0 node(s)");
  });
});
