import { describe, expect, it, vi } from "vitest";

// Spy on the one module that builds a type checker, keeping its behaviour.
vi.mock("../../src/scanner/infer-return-types.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/scanner/infer-return-types.ts")>();
  return { ...original, inferReturnTypes: vi.fn(original.inferReturnTypes) };
});

const { scanSource } = await import("funcflow/scanner");
const { inferReturnTypes } = await import("../../src/scanner/infer-return-types.ts");

describe("scanSource return type inference", () => {
  it("scanSource builds no type checker for a fully annotated module", () => {
    vi.mocked(inferReturnTypes).mockClear();
    scanSource("export const a = (x: number): number => x;\nexport function b(a: number): Promise<string> { return Promise.resolve(String(a)); }", "m.ts");
    scanSource("export const a = (x) => x;", "m.js");
    scanSource("export declare const a: (x: number) => number;", "m.d.ts");
    expect(inferReturnTypes).not.toHaveBeenCalled();
  });

  it("scanSource builds one type checker for all the unannotated functions of a module", () => {
    vi.mocked(inferReturnTypes).mockClear();
    const manifest = scanSource("export const a = (x: number) => x;\nexport const b = (a: number): number => a;\nexport function c(b: number) { return `${b}`; }", "m.ts");
    expect(inferReturnTypes).toHaveBeenCalledTimes(1);
    expect(vi.mocked(inferReturnTypes).mock.calls[0]?.[2]).toHaveLength(2);
    expect(manifest.functions.map((entry) => entry.returnType)).toEqual(["number", "number", "string"]);
  });
});
