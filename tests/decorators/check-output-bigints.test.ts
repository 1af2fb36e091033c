/**
 * checkOutput over Int64 columns (bigint elements) and with bigint arguments, as a table: every
 * combination of allowed list (numbers, bigints, mixed) and column (BigInt64Array, Arrow Int64,
 * Float64) gives the verdict a user expects, messages print bigints (`2n`), a warn-level check
 * never stops the run, and a bigint argument never crashes at module load.
 */
import { makeVector } from "apache-arrow";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);
afterEach(() => vi.restoreAllMocks());

const ALLOWED = [
  ["numbers", "[0, 1]"],
  ["bigints", "[0n, 1n]"],
  ["mixed", "[0, 1n]"],
] as const;

const COLUMNS = [
  ["BigInt64Array", () => BigInt64Array.from([0n, 1n, 1n]), () => BigInt64Array.from([0n, 2n])],
  ["Arrow Int64", () => makeVector(BigInt64Array.from([0n, 1n])), () => makeVector(BigInt64Array.from([1n, 2n]))],
  ["Float64Array", () => Float64Array.from([0, 1]), () => Float64Array.from([1, 2])],
] as const;

describe.each(ALLOWED)("checkOutput({ valuesIn: %s })", (_, list) => {
  const build = (importance: "warn" | "fail") => buildSource(`export const flag = ff.checkOutput({ valuesIn: ${list}, importance: "${importance}" }, (raw: unknown) => raw);`);

  it.each(COLUMNS)("passes a %s column of allowed values", async (__, good) => {
    const dr = await build("fail");
    const { flag_valuesIn_validator } = await dr.execute(["flag_valuesIn_validator"], { inputs: { raw: good() } });
    expect(flag_valuesIn_validator).toMatchObject({ passes: true });
  });

  it.each(COLUMNS)("fails a %s column with a value outside, naming it (fail level)", async (__, _good, bad) => {
    const dr = await build("fail");
    const error = await caught(dr.execute(["flag"], { inputs: { raw: bad() } }));
    expect(error.code).toBe("check_failed");
    expect(error.message).toMatch(/found values not allowed: 2n?/);
  });

  it.each(COLUMNS)("warns about a %s column with a value outside and still returns it (warn level)", async (__, _good, bad) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const dr = await build("warn");
    const raw = bad();
    expect((await dr.execute(["flag"], { inputs: { raw } })).flag).toBe(raw);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/found values not allowed: 2n?/));
  });
});

describe("checkOutput with bigint arguments", () => {
  it("range: [0n, 10n] is refused with a readable invalid_modifier, not a crash", async () => {
    const error = await caught(buildSource(`export const big = ff.checkOutput({ range: [0n, 10n] as unknown as [number, number] }, (raw: unknown) => raw);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("[\"0n\",\"10n\"]");
  });

  it("a validator that throws is a failed check, so a warn-level check never stops the run", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const dr = await buildSource(
      `const boom: ff.DataValidator = { name: "boom", importance: "warn", validate: () => { throw new TypeError("Do not know how to serialize a BigInt"); } };\n` +
        `export const checked = ff.checkOutputCustom([boom], (raw: unknown) => raw);`,
    );
    expect(await dr.execute(["checked"], { inputs: { raw: 5n } })).toEqual({ checked: 5n });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("the check threw: Do not know how to serialize a BigInt"));
  });
});
