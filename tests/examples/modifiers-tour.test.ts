/**
 * examples/modifiers-tour/README.md, checked against the example: every node name its table
 * says a modifier makes exists (and those it says are not nodes do not), and its command lines
 * run as written (in-process through the CLI's main()).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureOutput } from "../support/captured-output.ts";
import { Builder } from "funcflow";
import { main } from "../../src/cli/index.ts";
import { repo } from "../cli/support/run-cli.ts";

const readme = readFileSync(new URL("../../examples/modifiers-tour/README.md", import.meta.url), "utf8");
const config = { currency: "EUR", growth: 0.05, horizons: [3, 12] };

/** The rows of the README's first table ("What each modifier does here"): function cell → nodes cell. */
function modifierRows(): { fn: string; nodes: string }[] {
  const table = readme.split("## What each modifier does here")[1]!.split("\n\n")[1]!;
  return table
    .split("\n")
    .slice(2)
    .map((line) => line.split("|").map((cell) => cell.trim()))
    .map((cells) => ({ fn: cells[1]!, nodes: cells[3]! }));
}

const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);

/** Names the table mentions in its nodes column that it says are not nodes. */
const NOT_NODES = new Set(["[table, metadata]", "regionRevenue", "toCents", "sumOf"]);

/** `npx tsx src/cli.ts …` lines of the README's sh blocks, split as a POSIX shell would (quotes, `\` line joins). */
function commandLines(): string[][] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!.replace(/\\\n\s*/g, " ").trim());
  return blocks
    .filter((block) => block.startsWith("npx tsx src/cli.ts "))
    .map((block) => [...block.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2]!).slice(3));
}

describe("examples/modifiers-tour/README.md", () => {
  it("every node the modifier table names is a node of the tour, and the ones it rules out are not", async () => {
    const dr = await new Builder().withModules(new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url)).withConfig(config).build();
    const names = new Set(dr.listNodes().map((node) => node.name));
    const rows = modifierRows();
    expect(rows.length).toBeGreaterThan(10);
    const documented = rows.flatMap((row) => ticked(row.nodes)).filter((name) => !NOT_NODES.has(name));
    expect(documented.filter((name) => !names.has(name))).toEqual([]);
    expect([...NOT_NODES].filter((name) => names.has(name))).toEqual([]);
    // "(no `regionRevenue` node)" and "`toCents` itself is not a node" are in the table as written.
    expect(rows.find((row) => row.fn === "`regionRevenue`")!.nodes).toContain("no `regionRevenue` node");
    expect(rows.find((row) => row.fn === "`toCents`")!.nodes).toContain("`toCents` itself is not a node");
  });

  describe("its command lines run as written", () => {
    const output = captureOutput();

    it("`run` prints the four outputs it asks for", async () => {
      const [run] = commandLines().filter((args) => args[0] === "run");
      expect(run).toBeDefined();
      const args = run!.map((arg) => (arg.startsWith("reportPath=") ? "reportPath=/dev/null" : arg)).map((arg) => (arg.startsWith("examples/") ? `${repo}${arg}` : arg));
      expect(await main(["node", "funcflow", ...args])).toBe(0);
      for (const name of ["totalRevenue", "averageSale", "shares", "usForecast"]) expect(output.stdout).toContain(name);
      expect(output.stdout).toContain('["US 61.3%", "EU 38.7%"]');
    });

    it("`build` checks 37 edges and 5 bound values, as the README says", async () => {
      const [build] = commandLines().filter((args) => args[0] === "build");
      expect(readme).toContain("37 edges and 5 bound values, none\nleft unchecked");
      const out = await mkdtemp(join(tmpdir(), "funcflow-tour-build-"));
      try {
        const args = build!.map((arg) => (arg.startsWith("examples/") ? `${repo}${arg}` : arg));
        expect(await main(["node", "funcflow", ...args, "--out-dir", out])).toBe(0);
        expect(output.stdout).toContain("37 edge(s) type-checked, 5 bound value(s)");
        expect(output.stdout).not.toContain("unchecked");
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    });
  });
});
