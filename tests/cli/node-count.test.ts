/**
 * `funcflow list`, `validate` and `build` count a graph alike: every node, then by kind (config
 * keys and inputs are nodes too), run in process on a module with a read and an unread config key.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../support/cli-in-process.ts";

const basic = fileURLToPath(new URL("../fixtures/modules/basic.ts", import.meta.url));
// `language` is read by `greeting`; `region` by nothing, and still a node.
const config = ["--set", "language=en", "--set", "region=US"];
const COUNT = "10 node(s) (6 function(s), 2 input(s), 2 config key(s))";

describe("funcflow list and validate count the same nodes", () => {
  it("funcflow list ends with the count of the rows it printed, by kind", async () => {
    const { code, stdout } = await runCliInProcess(["list", basic, ...config]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe(COUNT);
    // Header, rule, one row per node, count.
    expect(lines.length - 3).toBe(10);
    expect(lines.filter((line) => /^\S+\s+config\s/.test(line)).map((line) => line.split(/\s+/)[0])).toEqual(["language", "region"]);
  });

  it("funcflow validate says the graph it validated has that same count", async () => {
    const { code, stdout } = await runCliInProcess(["validate", basic, ...config, "--no-type-check"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`funcflow validate: ok: graph of ${COUNT} is valid\n`);
  });

  it("funcflow list --kind counts only the nodes it lists", async () => {
    const { code, stdout } = await runCliInProcess(["list", basic, ...config, "--kind", "config"]);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("2 node(s) (0 function(s), 0 input(s), 2 config key(s))");
  });
});
