/**
 * The declared-type readers behind unpackFields' position types and group()'s shape check:
 * what counts as an array (and its element), and which types are certainly a list or a record.
 */
import { describe, expect, it } from "vitest";
import { arrayElementType, awaitedTypeText, recordValueType, tupleMembers, typeShape } from "../../src/decorators/tuple-type.ts";
import { splitTopLevel } from "../../src/manifest/index.ts";

describe("arrayElementType", () => {
  it.each([
    ["number[]", "number"],
    ["readonly number[]", "number"],
    ["Map<string, number>[]", "Map<string, number>"],
    ["(A | B)[]", "A | B"],
    ["{ a: number }[]", "{ a: number }"],
    ["number[][]", "number[]"],
    ["Array<Map<string, number>>", "Map<string, number>"],
    ["ReadonlyArray<number>", "number"],
  ])("%s has elements %s", (type, element) => expect(arrayElementType(type)).toBe(element));

  it.each([["A | B[]"], ["Array<A> | Array<B>"], ["() => number[]"], ["[number, string]"], ["Table"], ["Array<A> & B"], ['"|"[] | B'], ["(() => A)[] | B"]])("%s is not an array", (type) =>
    expect(arrayElementType(type)).toBeUndefined(),
  );
});

describe("typeShape and recordValueType", () => {
  it.each([
    ["[number, string]", "list"],
    ["number[]", "list"],
    ["Record<string, number>", "record"],
    ["{ a: number }", "record"],
    ["Data", undefined],
    ["number[] | null", undefined],
    ["Record<string, number> | number[]", undefined],
  ])("%s is %s", (type, shape) => expect(typeShape(type)).toBe(shape));

  it("reads the value type of Record<string, T>", () => {
    expect(recordValueType("Record<string, Vector<Float64>>")).toBe("Vector<Float64>");
    expect(recordValueType("Readonly<Record<string, number[]>>")).toBe("number[]");
    expect(recordValueType("Record<string, number> | null")).toBeUndefined();
    expect(recordValueType("Map<string, number>")).toBeUndefined();
  });
});

describe("awaitedTypeText (checkOutput's text check and the CLI's typed values)", () => {
  it.each([
    ["Promise<number>", "number"],
    ["  Promise< Map<string, number> >  ", "Map<string, number>"],
    ["Promise<string[]>", "string[]"],
    ["number", "number"],
    // A union of promises is not one promise: stripping the outer text would leave "A> | Promise<B".
    ["Promise<A> | Promise<B>", "Promise<A> | Promise<B>"],
    ["PromiseLike<number>", "PromiseLike<number>"],
    ["Promise<() => void>", "() => void"],
    ['Promise<"a>">', '"a>"'],
  ])("%s → %s", (type, awaited) => {
    expect(awaitedTypeText(type)).toBe(awaited);
  });
});

describe("union members and literals (dataloader and datasaver read unions member by member with splitTopLevel)", () => {
  it.each([
    ["Meta", ["Meta"]],
    [`"none" | Meta`, [`"none"`, "Meta"]],
    ["| A | B", ["A", "B"]],
    [`{ mode: "a" | "b" } | null`, [`{ mode: "a" | "b" }`, "null"]],
    ["Map<string, A | B> | (() => A | B)", ["Map<string, A | B>", "(() => A | B)"]],
    [`"a|b" | 'c|d' | \`e|\${string}\``, [`"a|b"`, `'c|d'`, `\`e|\${string}\``]],
    [`"say \\"|\\"" | Meta`, [`"say \\"|\\""`, "Meta"]],
    // An arrow's return type takes the rest of the union, as TypeScript reads it.
    ["(x: A) => B | C", ["(x: A) => B | C"]],
  ])("%s has members %j", (type, members) => expect(splitTopLevel(type, "|")).toEqual(members));


  it.each([
    [`["[", "]"]`, [`"["`, `"]"`]],
    [`[{ sep: "," }, Meta]`, [`{ sep: "," }`, "Meta"]],
  ])("tupleMembers(%s) ignores brackets and commas in literals", (type, members) => expect(tupleMembers(type)).toEqual(members));

  it.each([
    [`"[]"`, undefined],
    [`"a[]"[]`, `"a[]"`],
    [`Array<"<">`, `"<"`],
    [`("|" | "&")[]`, `"|" | "&"`],
  ])("arrayElementType(%s) is %s", (type, element) => expect(arrayElementType(type)).toBe(element));
});
