/**
 * Port of Hamilton's examples/pandas/split-apply-combine (tests/fixtures/ports/split-apply-combine):
 * `extractFields` splits the rows, `pipeInput` runs a tax pipeline of non-node steps on each
 * part, `extractColumns` exposes columns whose names have spaces, and `inject` reads them. The
 * taxes are worked out here from my_script.py's table and rules.
 */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import type { Person, Rule } from "../fixtures/ports/split-apply-combine/my_functions.ts";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/ports/split-apply-combine/my_functions.ts", import.meta.url);
const build = () => new Builder().withModules(module).build();

const TABLE: readonly [string, number, number][] = [
  ["John", 75600, 2], ["Bob", 34000, 1], ["Chloe", 111500, 3], ["Thomas", 234546, 1], ["Ellis", 144865, 2],
  ["Deane", 138500, 4], ["Mariella", 69412, 5], ["Carlos", 65535, 0], ["Toney", 43642, 3], ["Ramiro", 117850, 2],
];
const input: Person[] = TABLE.map(([Name, Income, Children], index) => ({ index, Name, Income, Children }));

// my_script.py's rules (pandas query strings there); an income of exactly 50k, 70k, … matches none.
const tax_rates: Rule[] = [
  ["Income < 50000", (p) => p.Income < 50000, 0.15],
  ["Income > 50000 and Income < 70000", (p) => p.Income > 50000 && p.Income < 70000, 0.18],
  ["Income > 70000 and Income < 100000", (p) => p.Income > 70000 && p.Income < 100000, 0.2],
  ["Income > 100000 and Income < 120000", (p) => p.Income > 100000 && p.Income < 120000, 0.22],
  ["Income > 120000 and Income < 150000", (p) => p.Income > 120000 && p.Income < 150000, 0.25],
  ["Income > 150000", (p) => p.Income > 150000, 0.28],
];
const tax_credits: Rule[] = [0, 1, 2, 3, 4].map((n): Rule => [`Children == ${n}`, (p) => p.Children === n, n * 0.02]).concat([["Children > 4", (p) => p.Children > 4, 0.1]]);

// Worked out by hand: rate by income band; a credit only for incomes under 100k.
const EXPECTED: readonly [string, string, string, number][] = [
  ["John", "20 %", "4 %", 14515], // 15120 - 604.8
  ["Bob", "15 %", "2 %", 4998], // 5100 - 102
  ["Chloe", "22 %", "", 24530],
  ["Thomas", "28 %", "", 65673], // 65672.88
  ["Ellis", "25 %", "", 36216], // 36216.25
  ["Deane", "25 %", "", 34625],
  ["Mariella", "18 %", "10 %", 11245], // 12494.16 - 1249.416
  ["Carlos", "18 %", "0 %", 11796], // 11796.3
  ["Toney", "15 %", "6 %", 6154], // 6546.3 - 392.778
  ["Ramiro", "22 %", "", 25927],
];

describe("ports/pandas/split-apply-combine", () => {
  it("has Hamilton's nodes: fields, <fn>.with_<step> (leading _ dropped) on the first parameter, columns named with spaces", async () => {
    const dr = await build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring).toEqual({
      input: [],
      tax_rates: [],
      tax_credits: [],
      split_dataframe: ["input"],
      under_100k: ["split_dataframe"],
      over_100k: ["split_dataframe"],
      "under_100k_tax.with_tax_rate": ["under_100k", "tax_rates"],
      "under_100k_tax.with_tax_credit": ["under_100k_tax.with_tax_rate", "tax_credits"],
      under_100k_tax: ["under_100k_tax.with_tax_credit"],
      "over_100k_tax.with_tax_rate": ["over_100k", "tax_rates"],
      over_100k_tax: ["over_100k_tax.with_tax_rate"],
      combined_dataframe: ["under_100k_tax", "over_100k_tax"],
      Income: ["combined_dataframe"],
      "Tax Rate": ["combined_dataframe"],
      "Tax Credit": ["combined_dataframe"],
      tax_formula: ["Income", "Tax Rate", "Tax Credit"],
      tax: ["tax_formula"],
      final_tax_dataframe: ["combined_dataframe", "tax_formula", "tax"],
    });
  });

  it("TaxCalculator.calculate's table: every row's rate, credit, tax and formula", async () => {
    const { final_tax_dataframe } = await (await build()).execute(["final_tax_dataframe"], { inputs: { input, tax_rates, tax_credits } });
    expect((final_tax_dataframe as { Name: string; "Tax Rate": string; "Tax Credit": string; Tax: number }[]).map((row) => [row.Name, row["Tax Rate"], row["Tax Credit"], row.Tax])).toEqual(EXPECTED);
    const formulas = (final_tax_dataframe as { "Tax Formula": string }[]).map((row) => row["Tax Formula"]);
    expect(formulas[0]).toBe("(75600 * 0.2) - (75600 * 0.2) * 0.04");
    expect(formulas[2]).toBe("(111500 * 0.22)");
    expect(formulas[7]).toBe("(65535 * 0.18) - (65535 * 0.18) * 0.0");
  });

  it("a column with a space in its name is requestable by that name", async () => {
    const out = await (await build()).execute(["Tax Rate", "Tax Credit"], { inputs: { input, tax_rates, tax_credits } });
    expect([...(out["Tax Rate"] as Iterable<number>)]).toEqual([0.2, 0.15, 0.22, 0.28, 0.25, 0.25, 0.18, 0.18, 0.15, 0.22]);
    expect([...(out["Tax Credit"] as Iterable<number | null>)].map((credit) => credit === null)).toEqual(EXPECTED.map(([, , credit]) => credit === ""));
  });

  it("the user's rows are not mutated", async () => {
    const copy = structuredClone(input.map(({ index, Name, Income, Children }) => ({ index, Name, Income, Children })));
    await (await build()).execute(["final_tax_dataframe"], { inputs: { input, tax_rates, tax_credits } });
    expect(input).toEqual(copy);
  });

  it("without the rules the run lists every missing input with the step nodes that need them", async () => {
    const error = await rejection((await build()).execute(["final_tax_dataframe"], { inputs: { input } }));
    expect(error.code).toBe("missing_input");
    const message = error.message;
    for (const name of ["tax_rates", "tax_credits", "under_100k_tax.with_tax_rate", "under_100k_tax.with_tax_credit"]) expect(message).toContain(name);
  });
});
