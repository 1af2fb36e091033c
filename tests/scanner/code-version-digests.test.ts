/**
 * Code versions are cache keys: a scanner change that alters them silently invalidates every
 * user's cached results. These digests were recorded by the scanner of 50a2496 (which built a
 * string per function and hashed it) for a module of the hard cases: Unicode identifiers,
 * strings and comments, astral characters, overloaded and chained helpers, classes, regular
 * expressions and templates with significant spaces, statements with and without semicolons.
 * Change them only on purpose, with a SCANNER_VERSION bump and a note that caches restart.
 */
import { describe, expect, it } from "vitest";
import { scanSource } from "../../src/scanner/index.ts";

const SOURCE = "import { external } from \"./elsewhere.ts\";\nconst RATE = 0.07; // a constant\nconst tables = { \"é\": 1, emoji: \"😀 🚀\" };\nfunction helper(x: number): number;\nfunction helper(x: string): string;\nfunction helper(x: number | string): number | string { return typeof x === \"number\" ? x * RATE : x.toUpperCase(); }\nclass Scaler { constructor(readonly k = 2) {} apply(v: number) { return v * this.k; } }\nconst deep = (v: number) => helper(v) + new Scaler().apply(v);\n/** Total with tax. */\nexport function total(amount: number): number {\n  const re = /a  b\\/c/g;   // two spaces in the regex\n  return deep(amount) + (re.test(`x ${amount}  y`) ? 1 : 0);\n}\nexport const greet = (name: string): string => `héllo,  ${name} ${tables[\"é\"]} 😀`;\nexport const withComments = (a: number /* é */, b: number): number => {\n  // ünïcode comment\n  return a /* inline */ + b;;\n};\nexport const crlf = (a: number): number => {\n\treturn a\n\t\t+ 1\n};\nexport const ünïcode = (x: number): number => x + external(x);\nexport const usesHelperString = (s: string): string => helper(s) + \"\\u00e9\";\nexport function noSemis(a: number) { const b = a * 2\n  return b }\nexport const arrowBody = (a: number) => a\t +\t 1;\n";

const versions = (text: string) => Object.fromEntries(scanSource(text, "corpus.ts").functions.map((fn) => [fn.exportName, fn.codeVersion]));

describe("code version digests", () => {
  it("are the recorded ones for the hard cases", () => {
    expect(versions(SOURCE)).toEqual({
    "total": "f41793390d1839adb8b8f904af3d16fd",
    "greet": "7bb607487199dbc94c9ce5593824a36f",
    "withComments": "15ab863cc3a20b54b50908fe13bfca01",
    "crlf": "23efe22fdcb09984f8097cda6e836583",
    "ünïcode": "e9ea6de03f45c9b304b541cbea5ee54d",
    "usesHelperString": "0a7f0fe148fc390fb76c0708b365d3d6",
    "noSemis": "98ba9900efd09d55bde3cdce1cb28ae2",
    "arrowBody": "2e04a24e0bee1bc061b4938fbefe3e4d"
  });
  });

  it("ignore line endings and indentation", () => {
    expect(versions(SOURCE.replace(/\n/g, "\r\n"))).toEqual(versions(SOURCE));
    expect(versions(SOURCE.replace(/\n  /g, "\n    "))).toEqual(versions(SOURCE));
  });

  it("see a change inside a regular expression's or a template's spaces", () => {
    const before = versions(SOURCE);
    expect(versions(SOURCE.replace("/a  b", "/a b")).total).not.toBe(before.total);
    expect(versions(SOURCE.replace("héllo,  ", "héllo, ")).greet).not.toBe(before.greet);
  });
});
