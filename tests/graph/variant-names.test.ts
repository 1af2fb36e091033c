import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { variantNodeName } from "../../src/graph/index.ts";

describe("variantNodeName: the node an export defines (Hamilton's variant convention)", () => {
  it.each([
    ["salesTax__us", "salesTax"],
    ["salesTax", "salesTax"],
    ["a__b__c", "a__b"],
    ["__private", "__private"],
    ["foo__", "foo"],
    ["_", "_"],
  ])("%s → %s", (exportName, node) => {
    expect(variantNodeName(exportName)).toBe(node);
  });

  it("node + __ + any variant without __ gives the node back", () => {
    const identifier = fc.stringMatching(/^[A-Za-z$][A-Za-z0-9$]*$/);
    fc.assert(fc.property(identifier, identifier.filter((variant) => !variant.includes("__")), (node, variant) => variantNodeName(`${node}__${variant}`) === node));
  });
});
