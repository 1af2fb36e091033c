import { describe, expect, it } from "vitest";
import { scanSource } from "funcflow/scanner";

const sum = (count: number, prefix = "f") => Array.from({ length: count }, (_, i) => `${prefix}${i}`).join(" + ");

describe("scanSource on deep expressions", () => {
  it("scans a body of 20,000 terms (f0 + f1 + … + f19999) without overflowing the stack", () => {
    const source = [
      "function helper(x: number): number { return x; }",
      "const f5 = 5;",
      `export function total(f0: number, f1: number): number {\n  return helper(${sum(20_000)});\n}`,
      // Unannotated: its return type is inferred, which finds the function in the checked file.
      `export const small = (f0: number) => ${sum(2_000).replace(/f(\d+)/g, "f0")};`,
    ].join("\n");
    const manifest = scanSource(source, "deep.ts");
    expect(manifest.problems).toEqual([]);
    expect(manifest.functions.map((entry) => [entry.exportName, entry.returnType])).toEqual([
      ["total", "number"],
      ["small", "number"],
    ]);
    // The code version follows what the body uses: the helper and the local f5 (other fN are parameters or unknown).
    const other = scanSource(source.replace("const f5 = 5;", "const f5 = 6;"), "deep.ts");
    expect(other.functions[0]!.codeVersion).not.toBe(manifest.functions[0]!.codeVersion);
    expect(other.functions[1]!.codeVersion).toBe(manifest.functions[1]!.codeVersion);
  }, 120_000);
});
