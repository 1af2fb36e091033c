/**
 * `funcflow view --around` keeps every config value, as the other views do (Hamilton draws the
 * Driver's whole config in each view), run in process.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../support/cli-in-process.ts";

const basic = fileURLToPath(new URL("../fixtures/modules/basic.ts", import.meta.url));
const drawn = (dot: string) => new Set([...dot.matchAll(/^\s*"([^"]+)" \[/gm)].map(([, name]) => name));

describe("funcflow view --around", () => {
  it("funcflow view --around draws the neighbourhood plus every config value, read or not", async () => {
    const { code, stdout } = await runCliInProcess(["view", basic, "--set", "language=en", "--set", "region=US", "--around", "b", "--hops", "1", "--no-legend"]);
    expect(code).toBe(0);
    expect(drawn(stdout)).toEqual(new Set(["a", "b", "c", "e", "language", "region"]));
  });
});
