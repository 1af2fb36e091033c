/**
 * dataloader and datasaver read the declared return type as Hamilton reads the annotation: the
 * data node `<fn>` has the pair's first member as its type, whatever commas its generics hold,
 * and a loader or saver declared to return something that cannot be a pair or a metadata object
 * fails the build naming the export, as Hamilton's InvalidDecoratorException does.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FuncflowError } from "funcflow";
import { tupleMembers } from "../../src/decorators/tuple-type.ts";
import { buildSource, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as FuncflowError);

describe("dataloader's data node type", () => {
  it.each([
    ["[Map<string, number>, Record<string, unknown>]", "Map<string, number>"],
    ["[number[], { path: string }]", "number[]"],
    ["readonly [Record<string, number>, { rows: number }]", "Record<string, number>"],
    ["Promise<[{ a: number; b: string }, { path: string }]>", "{ a: number; b: string }"],
    ["[(x: number) => number, { path: string }]", "(x: number) => number"],
    ["[data: string[], meta: { path: string }]", "string[]"],
    // Commas and brackets inside a string literal type separate nothing.
    [`[{ sep: ", [" }, { path: string }]`, `{ sep: ", [" }`],
    [`["a,b" | "c", "]" | { path: string }]`, `"a,b" | "c"`],
  ])("a loader declared to return %s makes <fn> of type %s", async (returns, data) => {
    const dr = await buildSource(`export const loaded = ff.dataloader(async (): ${returns.startsWith("Promise") ? returns : `Promise<${returns}>`} => { throw new Error("never run"); });`);
    expect(dr.node("loaded").type).toBe(data);
  });

  it("tupleMembers splits a tuple at its own commas only (property over nested member types)", () => {
    const leaf = fc.constantFrom("number", "string[]", "Table", "unknown");
    const member: fc.Arbitrary<string> = fc.letrec<{ type: string }>((tie) => ({
      type: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.tuple(tie("type"), tie("type")).map(([k, v]) => `Map<${k}, ${v}>`),
        fc.tuple(tie("type"), tie("type")).map(([a, b]) => `{ a: ${a}; b: ${b} }`),
        fc.tuple(tie("type"), tie("type")).map(([a, b]) => `[${a}, ${b}]`),
        fc.tuple(tie("type"), tie("type")).map(([a, b]) => `(x: ${a}, y: ${b}) => ${a}`),
      ),
    })).type;
    fc.assert(
      fc.property(fc.array(member, { maxLength: 4 }), fc.boolean(), (members, readonly) => {
        expect(tupleMembers(`${readonly ? "readonly " : ""}[${members.join(", ")}]`)).toEqual(members);
      }),
    );
    expect(tupleMembers("[A] | [B]")).toBeUndefined();
    expect(tupleMembers("Table[]")).toBeUndefined();
  });
});

describe("dataloader and datasaver declared to return what they cannot", () => {
  it.each([
    ["dataloader", "(): number[] => [1]", undefined],
    ["dataloader", "(): number => 1", "number"],
    ["dataloader", "(): [number, { path: string }, boolean] => [1, { path: 'x' }, true]", "[number, { path: string }, boolean]"],
    ["dataloader", "async (): Promise<[number]> => [1]", "[number]"],
    ["datasaver", "(x: number): void => undefined", "void"],
    ["datasaver", "async (x: number): Promise<void> => undefined", "void"],
    ["datasaver", "(x: number): string => 'written'", "string"],
    ["datasaver", "(x: number): string[] => ['written']", "string[]"],
    ["datasaver", "(x: number): { path: string } | string[] => ({ path: 'x' })", undefined],
    ["dataloader", "(): [number, { path: string } | string[]] => [1, { path: 'x' }]", undefined],
    ["dataloader", "(): [number, string[]] => [1, ['x']]", "[number, string[]]"],
    // A union is read member by member: one member that may be metadata (or a pair) is enough.
    ["datasaver", `(x: number): "skipped" | { path: string } => "skipped"`, undefined],
    ["datasaver", `(x: number): | "skipped" | { path: string } => "skipped"`, undefined],
    ["datasaver", "(x: number): `v${number}` | { path: string } => ({ path: 'x' })", undefined],
    ["datasaver", `(x: number): "a|{" | { path: string } => ({ path: 'x' })`, undefined],
    ["datasaver", `(x: number): "written" | "skipped" => "written"`, `"written" | "skipped"`],
    ["datasaver", `(x: number): 0 | -1 | null => 0`, "0 | -1 | null"],
    ["datasaver", `(x: number): true | string[] => true`, "true | string[]"],
    ["dataloader", `(): [number, "none" | { path: string }] => [1, "none"]`, undefined],
    ["dataloader", `(): "none" | [number, { path: string }] => "none"`, undefined],
    ["dataloader", `(): [number, "a" | "b"] => [1, "a"]`, `[number, "a" | "b"]`],
    ["dataloader", `(): "none" | null => null`, `"none" | null`],
    ["dataloader", `(): [number, string] | [number, boolean] => [1, "x"]`, "[number, string] | [number, boolean]"],
  ])("%s(%s): refused when declared to return %s", async (modifier, fn, refused) => {
    const error = await caught(buildSource(`export const io = ff.${modifier}(${fn});`));
    if (refused === undefined) {
      expect(error).toBeUndefined();
      return;
    }
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error!.code).toBe("invalid_modifier");
    expect(error!.message).toContain(modifier);
    expect(error!.message).toContain(`"io" is declared to return ${refused}`);
  });
});
