/**
 * checkEdgeTypes reads the types `extractFields({ field: "Type" }, fn)` declares, as Hamilton
 * checks the edges of `@extract_fields({"field": Type})`: a port of a function returning a bare
 * `dict` (`Record<string, …>`) gets its fields' edges checked (a primitive keyword, or a
 * non-generic class, interface or alias in scope), where before they were not checked at all.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { checkEdgeTypes, type EdgeTypeReport } from "funcflow/scanner";

const fixture = fileURLToPath(new URL("../fixtures/typecheck/extract-fields-declared.ts", import.meta.url));

describe("checkEdgeTypes with extractFields' declared field types", () => {
  let report: EdgeTypeReport;
  beforeAll(async () => {
    report = await checkEdgeTypes([fixture], { cacheDir: false });
  }, 60_000);

  const EDGES: readonly [string, string, "fits" | "misfit" | "unchecked"][] = [
    ["model", "usesModel", "fits"],
    ["scaler", "usesModel", "fits"],
    ["size", "usesModel", "fits"],
    ["label", "usesModel", "fits"],
    ["size", "misusesFields", "misfit"],
    ["label", "misusesFields", "misfit"],
    ["rows", "usesRows", "unchecked"],
  ];
  it.each(EDGES)("%s → %s %s", (field, consumer, expected) => {
    const misfit = report.mismatches.some((mismatch) => mismatch.kind === "edge" && mismatch.producer.node === field && mismatch.consumer.exportName === consumer);
    const unchecked = report.unchecked.some((edge) => edge.name === field && edge.consumer?.exportName === consumer);
    expect(misfit ? "misfit" : unchecked ? "unchecked" : "fits").toBe(expected);
  });

  it("the declared primitive types are written out in the typings", () => {
    const typeOf = (name: string) => report.nodes.find((node) => node.name === name)?.producers.map((producer) => producer.typeText);
    expect(typeOf("size")).toEqual(["number"]);
    expect(typeOf("label")).toEqual(["string"]);
  });
});
