/**
 * Claims of docs/hamilton.md that no other test checked, one test each (the others are cited in
 * the audit: tests/decorators/hamilton-semantics.test.ts, build-time-checks.test.ts, …).
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { captureOutput } from "../support/captured-output.ts";
import { main } from "../../src/cli/index.ts";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);
const doc = readFileSync(new URL("../../docs/hamilton.md", import.meta.url), "utf8");

describe("docs/hamilton.md", () => {
  it("a modifier on an export whose name starts with `_` fails the build with invalid_modifier naming the module and the export", async () => {
    expect(doc).toContain("a modifier on an export whose name starts with `_`");
    const error = await caught(buildSource(`export const _rate = ff.tag({ owner: "x" }, (x: number): number => x);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.node).toBe("_rate");
    expect(error.message).toMatch(/inline-\d+\.ts: "_rate" is wrapped in tag/);
    expect(error.message).toContain('Rename it without the "_" (e.g. "rate")');
  });

  it("parameterize docs: {outputName} and a bound {param} are filled, any other {…} stays as written", async () => {
    expect(doc).toContain("any other `{…}` stays");
    const dr = await buildSource(`/** {outputName} reads {p}; {unbound} and {"json": 1} stay. */\nexport const f = ff.parameterize({ usOut: { p: ff.source("usIn") } }, (p: number): number => p);`);
    expect(dr.node("usOut").doc).toBe(`usOut reads usIn; {unbound} and {"json": 1} stay.`);
  });

  describe("`funcflow list` leaves the module tag out of its tags column", () => {
    const output = captureOutput();

    it("shows a node's own tags and not module=…, which the 'defined at' column already says", async () => {
      expect(doc).toContain("`funcflow list` leaves it out of its tags column");
      const module = new URL("../fixtures/modules/basic.ts", import.meta.url);
      expect(await main(["node", "funcflow", "list", module.pathname, "--set", "language=en"])).toBe(0);
      const row = output.stdout.split("\n").find((line) => line.startsWith("e "))!;
      expect(row).toContain("owner=growth");
      expect(output.stdout).not.toContain("module=");
      expect(row).toMatch(/basic\.ts:\d+$/);
    });
  });
});
