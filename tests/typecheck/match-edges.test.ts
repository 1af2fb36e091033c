/**
 * The edge rules on their own, with a made-up notion of assignability (a subtype table), so
 * the rules are tested apart from TypeScript: producer to consumer, opaque and generic edges,
 * and the stricter type of an input, whatever order its consumers come in.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchEdges, type TypedFunction, type TypedParam } from "../../src/typecheck/match-edges.ts";

/** `a` is assignable to `b` when `b` is `a` or one of its supertypes in this chain. */
const SUPERTYPES: Readonly<Record<string, readonly string[]>> = {
  one: ["one", "digit", "number", "unknown"],
  digit: ["digit", "number", "unknown"],
  number: ["number", "unknown"],
  text: ["text", "unknown"],
  unknown: ["unknown"],
};
const isAssignable = (source: string, target: string) => SUPERTYPES[source]!.includes(target);

function fn(exportName: string, returns: string | undefined, params: readonly [string, string | undefined][], options: { transparent?: boolean; generic?: boolean } = {}): TypedFunction<string> {
  const cut = exportName.lastIndexOf("__");
  const ref = { module: "/m.ts", exportName, node: cut > 0 ? exportName.slice(0, cut) : exportName };
  const position = { file: "/m.ts", line: 1, column: 1 };
  return {
    ref,
    transparent: options.transparent ?? true,
    doc: undefined,
    returnType: returns,
    generic: options.generic ?? false,
    producer: returns === undefined ? undefined : () => ({ ...ref, type: returns, position }),
    params: params.map(([name, type], paramIndex): TypedParam<string> => ({
      name,
      optional: false,
      type,
      generic: false,
      side: () => ({ ...ref, param: name, paramIndex, type: type ?? "any", optional: false, position }),
    })),
  };
}

describe("matchEdges", () => {
  it("matchEdges checks each producer against each consumer parameter", () => {
    const match = matchEdges([fn("a", "number", []), fn("b", "text", [["a", "digit"]]), fn("c", "text", [["a", "unknown"]])], isAssignable);
    expect(match.checkedEdges).toBe(2);
    expect(match.mismatches.map((m) => `${m.producer.exportName}→${m.consumer.exportName}`)).toEqual(["a→b"]);
  });

  it("matchEdges checks every variant of a node", () => {
    const match = matchEdges([fn("a__x", "one", []), fn("a__y", "text", []), fn("b", "text", [["a", "number"]])], isAssignable);
    expect(match.mismatches.map((m) => m.producer.exportName)).toEqual(["a__y"]);
    expect(match.nodes.map((node) => [node.name, node.producers.length])).toEqual([["a", 2], ["b", 1]]);
  });

  it("matchEdges leaves untyped, opaque and failed generic edges unchecked", () => {
    const match = matchEdges(
      [fn("a", "text", []), fn("g", "text", [], { generic: true }), fn("o", "text", [], { transparent: false }),
        fn("b", "text", [["a", undefined], ["g", "number"], ["o", "number"]])],
      isAssignable,
    );
    expect(match.mismatches).toEqual([]);
    expect(match.unchecked.map((edge) => [edge.reason, edge.name])).toEqual([["untyped", "a"], ["generic", "g"], ["opaque-producer", "o"]]);
  });

  it("matchEdges keeps the stricter input type whatever order the consumers come in", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(["one", "digit", "number", "unknown"], { minLength: 1 }), (types) => {
        const consumers = types.map((type, index) => fn(`f${index}`, "text", [["x", type]]));
        const input = matchEdges(consumers, isAssignable).inputs[0]!;
        const strictest = ["one", "digit", "number", "unknown"].find((type) => types.includes(type));
        expect(input.typedBy?.type).toBe(strictest);
      }),
    );
  });

  it("matchEdges reports an input whose types have no common narrowest", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(["digit", "text", "number", "unknown"], { minLength: 2 }), (types) => {
        const consumers = types.map((type, index) => fn(`f${index}`, "text", [["x", type]]));
        const match = matchEdges(consumers, isAssignable);
        const conflict = types.includes("text") && types.some((type) => type === "digit" || type === "number");
        expect(match.inputConflicts.length).toBe(conflict ? 1 : 0);
      }),
    );
  });

  it("matchEdges gives an input the members its consumers' unions share, and a conflict only when they share none", () => {
    // Types are unions of the atoms "a".."d", written "a|b"; a member fits a type that lists it.
    const atoms = fc.subarray(["a", "b", "c", "d"], { minLength: 1 }).map((members) => members.join("|"));
    const within = (source: string, target: string) => source.split("|").every((member) => target.split("|").includes(member));
    fc.assert(
      fc.property(fc.array(atoms, { minLength: 2, maxLength: 4 }), (types) => {
        const consumers = types.map((type, index) => fn(`f${index}`, "text", [["x", type]]));
        const match = matchEdges(consumers, within, [], (type) => type.split("|"));
        const shared = ["a", "b", "c", "d"].filter((member) => types.every((type) => type.split("|").includes(member)));
        const narrowest = types.find((type) => types.every((other) => within(type, other)));
        const input = match.inputs[0]!;
        expect(match.inputConflicts.length).toBe(shared.length === 0 ? 1 : 0);
        expect(input.typedBy?.type).toBe(narrowest);
        expect(input.sharedBy?.map((side) => side.type)).toEqual(narrowest === undefined && shared.length > 0 ? types : undefined);
      }),
    );
  });
});
