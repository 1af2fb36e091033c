/**
 * A URL's password typed on the command line never comes back in what the CLI prints: not in
 * commander's "argument … is invalid" line, and not in funcflow's own error report.
 */
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.ts";
import { hideUrlPasswords } from "../../src/cli/support/hide-url-passwords.ts";
import { captureOutput } from "../support/captured-output.ts";

const SECRET = "s3cr3t-Pa55";
const transforms = "examples/hello-world/transforms.ts";

describe("the CLI hides URL passwords", () => {
  const output = captureOutput();

  it.each([
    ["worker", ["worker", transforms, "--redis", `http://worker:${SECRET}@127.0.0.1:1`]],
    ["serve", ["serve", transforms, "--redis", `ftp://worker:${SECRET}@127.0.0.1:1`]],
  ])("%s --redis with a refused URL", async (_command, args) => {
    const code = await main(["node", "funcflow", ...args]);
    expect(code).not.toBe(0);
    expect(output.stderr).toContain("***@127.0.0.1");
    expect(output.stderr).not.toContain(SECRET);
  });

  it("in any text: each URL's password, and nothing else", () => {
    expect(hideUrlPasswords(`a 'redis://w:${SECRET}@h:6379/2' and rediss://:${SECRET}@h and http://h/x?a=b@c`)).toBe("a 'redis://w:***@h:6379/2' and rediss://:***@h and http://h/x?a=b@c");
  });
});
