/**
 * The binary's contract: every command has --help with an example; usage errors and pipeline
 * errors print one clear message and exit non-zero, with the stack only under --verbose.
 */
import { describe, expect, it } from "vitest";
import { funcflow } from "./support/run-cli.ts";

const COMMANDS = ["build", "list", "validate", "view", "run", "diff"];

describe("funcflow --help", () => {
  it("funcflow --help lists every command and exits 0", async () => {
    const { code, stdout } = await funcflow(["--help"]);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} \\[options\\] <modules\\.\\.\\.>`, "m"));
    expect(stdout).toContain("Examples:");
  });

  it("funcflow <command> --help shows the command's options and an example", async () => {
    const results = await Promise.all(COMMANDS.map((command) => funcflow([command, "--help"])));
    results.forEach(({ code, stdout }, index) => {
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: funcflow ${COMMANDS[index]} [options] <modules...>`);
      expect(stdout).toMatch(/Example:\n {2}\$ funcflow /);
    });
  });

  it("funcflow --version prints the package version", async () => {
    const { code, stdout } = await funcflow(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("funcflow errors", () => {
  it("an unknown command exits 2 with a suggestion", async () => {
    const { code, stderr } = await funcflow(["lsit", "x.ts"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'lsit'");
    expect(stderr).toContain("(Did you mean list?)");
  });

  it("a missing module exits 1 with one message and no stack", async () => {
    const { code, stderr, stdout } = await funcflow(["list", "tests/fixtures/typecheck/nowhere.ts"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^funcflow list: withModules: no module at .*nowhere\.ts/);
    expect(stderr).toContain("(error code: module_not_found; add --verbose for the stack)");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("--verbose adds the stack", async () => {
    const { code, stderr } = await funcflow(["list", "tests/fixtures/typecheck/nowhere.ts", "--verbose"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/\n\s+at /);
  });

  it("a bad option value exits 2", async () => {
    const { code, stderr } = await funcflow(["view", "examples/hello-world/transforms.ts", "--orient", "UP"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Allowed choices are LR, TB, RL, BT");
  });
});
