import { describe, expect, it } from "vitest";
import { scanSource } from "funcflow/scanner";

const source = `
import { external } from "./elsewhere.ts";

const RATE = 0.2;

/** A helper. */
function scale(x: number): number {
  return round(x * 2);
}

function round(x: number): number {
  return Math.round(x);
}

export function base(seed: number): number {
  return scale(seed) + 1;
}

export function taxed(base: number): number {
  return base * (1 + RATE);
}

export const shifted = (base: number): number => external(base) + base;

export function label(taxed: number): string {
  const scale = "x"; // a local that shadows the helper's name
  return scale + taxed;
}
`;

const versions = (text: string) => Object.fromEntries(scanSource(text, "m.ts").functions.map((fn) => [fn.exportName, fn.codeVersion]));
const changed = (edited: string) => {
  const before = versions(source);
  const after = versions(edited);
  return Object.keys(before).filter((name) => before[name] !== after[name]);
};

describe("scanSource: code versions", () => {
  it("records a code version for every function with a body", () => {
    expect(Object.values(versions(source)).every((version) => typeof version === "string" && version.length === 32)).toBe(true);
  });

  it("changes the version of a function when its own body changes, and only its", () => {
    expect(changed(source.replace("scale(seed) + 1", "scale(seed) + 2"))).toEqual(["base"]);
  });

  it("changes the version of every function that reaches an edited helper, directly or through another helper", () => {
    expect(changed(source.replace("return round(x * 2);", "return round(x * 3);"))).toEqual(["base"]);
    expect(changed(source.replace("return Math.round(x);", "return Math.floor(x);"))).toEqual(["base"]);
    expect(changed(source.replace("const RATE = 0.2;", "const RATE = 0.25;"))).toEqual(["taxed"]);
  });

  it("does not count a parameter named after a node as using that node's function", () => {
    // taxed(base) names the node base, but does not call the function base.
    expect(changed(source.replace("scale(seed) + 1", "scale(seed) + 2"))).not.toContain("taxed");
  });

  it("ignores comments and formatting", () => {
    expect(changed(source.replace("/** A helper. */", "/** Doubles, then rounds. */").replace("return round(x * 2);", "return   round( x*2 ); // twice"))).toEqual([]);
  });

  it("ignores statement-ending semicolons and re-indented bodies", () => {
    const edited = source.replace("return scale(seed) + 1;", "return scale(seed) + 1").replace("return base * (1 + RATE);", "return base *\n      (1 + RATE)");
    expect(changed(edited)).toEqual([]);
  });

  it("sees every change of a token: operators, keywords, literals and the whitespace inside them", () => {
    const variants = (body: string) => versions(`export function f(x: number): unknown {\n  ${body}\n}\n`).f;
    const bodies = [
      "return -x;",
      "return +x;",
      "return !x;",
      "return x;",
      "return typeof x;",
      "let y = x; return y;",
      "const y = x; return y;",
      'return "a b";',
      'return "a  b";',
      "return `a ${x} b`;",
      "return `a ${x}  b`;",
      "return /a b/.test(String(x));",
      "return /a  b/.test(String(x));",
      "for (;x;) return 1;",
      "for (x;;) return 1;",
      "return x\n(1);",
      "return x;\n(1);",
    ];
    const seen = bodies.map(variants);
    expect(new Set(seen).size).toBe(bodies.length);
  });

  it("does not follow imported names (a change in another module is not seen)", () => {
    expect(changed(source.replace('from "./elsewhere.ts"', 'from "./other.ts"'))).toEqual([]);
  });

  it("treats a local variable that shadows a helper's name as the function's own", () => {
    expect(changed(source.replace("return round(x * 2);", "return round(x * 5);"))).toEqual(["base"]);
  });
});
