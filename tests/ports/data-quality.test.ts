/**
 * Port of Hamilton's examples/data_quality/simple (tests/fixtures/ports/data-quality): a CSV
 * loaded by `loadFrom` with a sourced path and a `value(";")` separator, its columns extracted,
 * features checked by `checkOutput`, and engine variants picked by `configWhenIn`/`configWhenNotIn`.
 * Expected values are computed here from the CSV's numbers, not by the port's functions.
 */
import { fileURLToPath } from "node:url";
import { makeVector, tableFromArrays, type Table } from "apache-arrow";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { rejection } from "../support/caught.ts";

const dir = new URL("../fixtures/ports/data-quality/", import.meta.url);
const modules = [new URL("data_loaders.ts", dir), new URL("feature_logic.ts", dir)];
const location = fileURLToPath(new URL("absenteeism.csv", dir));
const build = (config: Record<string, unknown>) => new Builder().withModules(...modules).withConfig(config).build();

// The CSV's columns the features read, row by row.
const age = [33, 50, 38, 39, 33, 28];
const son = [2, 1, 0, 2, 2, 1];
const pet = [1, 0, 0, 0, 1, 4];
const month = [7, 12, 1, 2, 8, 5];
const day = [3, 3, 4, 5, 6, 2];
const seasons = [1, 4, 2, 3, 1, 3];
const hours = [4, 0, 2, 4, 2, 8];

const ageMean = age.reduce((s, v) => s + v, 0) / age.length;
const ageStd = Math.sqrt(age.reduce((s, v) => s + (v - ageMean) ** 2, 0) / (age.length - 1));

// run.py's requested columns.
const OUTPUTS = [
  "age",
  "age_zero_mean_unit_variance",
  "has_children",
  "is_summer",
  "has_pet",
  "day_of_the_week_2",
  "day_of_the_week_3",
  "day_of_the_week_4",
  "day_of_the_week_5",
  "day_of_the_week_6",
  "seasons_1",
  "seasons_2",
  "seasons_3",
  "seasons_4",
  "absenteeism_time_in_hours",
];

afterEach(() => vi.restoreAllMocks());

describe("ports/data_quality/simple", () => {
  it("has the nodes Hamilton makes: variants under their cut names, loader nodes, one node per column, _raw/validator/gate per check", async () => {
    const dr = await build({ location, execution: "normal" });
    const names = new Set(dr.listNodes().map((node) => node.name));
    for (const name of [
      "raw_data",
      "raw_data.load_data.df",
      "raw_data.select_data.df",
      "age",
      "work_load_average_per_day",
      "absenteeism_time_in_hours",
      "seasons_encoded",
      "day_of_week_encoded",
      "age_mean_raw",
      "age_mean_range_validator",
      "age_mean_dataType_validator",
      "age_mean",
      "age_zero_mean_allowNaN_validator",
      "seasons_1_valuesIn_validator",
      "location",
    ]) {
      expect(names, name).toContain(name);
    }
    for (const name of ["raw_data__base", "raw_data__dask", "seasons_encoded__base", "dataColumns", "_sanitize_columns"]) expect(names, name).not.toContain(name);
    expect(dr.node("age_mean").dependencies.map((d) => d.name)).toEqual(["age_mean_raw", "age_mean_dataType_validator", "age_mean_range_validator"]);
    expect(dr.node("raw_data.load_data.df").dependencies.map((d) => d.name)).toEqual(["location"]);
    expect(dr.node("age_mean").doc).toBe("Average of age");
  });

  it("run.py's columns come out as Hamilton computes them, with no data-quality warning", async () => {
    const warn = vi.spyOn(console, "warn");
    const dr = await new Builder().withModules(...modules).withConfig({ location, execution: "normal" }).withResultBuilder(arrowTableResult).build();
    const table = (await dr.execute(OUTPUTS)) as unknown as Table;
    expect(table.schema.fields.map((field) => field.name)).toEqual(OUTPUTS);
    const column = (name: string) => [...table.getChild(name)!.toArray()].map((v) => (typeof v === "boolean" ? v : Number(v)));
    expect(column("age")).toEqual(age);
    column("age_zero_mean_unit_variance").forEach((v, row) => expect(v).toBeCloseTo((age[row]! - ageMean) / ageStd, 12));
    expect(column("has_children")).toEqual(son.map((n) => (n > 0 ? 1 : 0)));
    expect(column("has_pet")).toEqual(pet.map((n) => (n > 0 ? 1 : 0)));
    expect(column("is_summer")).toEqual(month.map((m) => ([12, 1, 2].includes(m) ? 1 : 0)));
    for (const d of [2, 3, 4, 5, 6]) expect(column(`day_of_the_week_${d}`)).toEqual(day.map((v) => v === d));
    for (const s of [1, 2, 3, 4]) expect(column(`seasons_${s}`)).toEqual(seasons.map((v) => v === s));
    expect(column("absenteeism_time_in_hours")).toEqual(hours);
    expect(warn).not.toHaveBeenCalled();
  });

  it("each validator node is requestable and holds its verdict", async () => {
    const dr = await build({ location, execution: "normal" });
    const out = await dr.execute(["age_mean", "age_std_dev", "age_mean_range_validator", "age_mean_dataType_validator", "has_pet_valuesIn_validator"]);
    expect(out.age_mean).toBeCloseTo(ageMean, 12);
    expect(out.age_std_dev).toBeCloseTo(ageStd, 12);
    expect(out).toMatchObject({ age_mean_range_validator: { passes: true }, age_mean_dataType_validator: { passes: true }, has_pet_valuesIn_validator: { passes: true } });
  });

  it("a failed warn-importance check logs and the run goes on, as Hamilton's default importance does", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const dr = await build({ location, execution: "normal" });
    const old = makeVector(new Float64Array([70, 80, 90]));
    const out = await dr.execute(["age_mean"], { overrides: { age: old } });
    expect(out.age_mean).toBe(80);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/range.*age_mean/);
  });

  it("the execution config picks the variant: spark adds index_col, an unset key falls to the base variants", async () => {
    const spark = await build({ location, execution: "spark" });
    const out = await spark.execute(["index_col", "seasons_1"]);
    expect([...(out.index_col as { toArray(): string[] }).toArray()]).toEqual(age.map((_, row) => `${[11, 36, 3, 7, 11, 10][row]}-${month[row]}-${day[row]}`));
    const unset = await build({ location });
    expect(unset.listNodes().some((node) => node.name === "raw_data.load_data.df")).toBe(true);
    const dask = await build({ location, execution: "dask" });
    expect(dask.node("raw_data").dependencies.map((d) => d.name)).toEqual(["location", "block_size"]);
    expect(dask.listNodes().some((node) => node.name === "raw_data.load_data.df")).toBe(false);
  });

  it("without the location config the run names the missing input and the loader that needs it", async () => {
    const dr = await build({ execution: "normal" });
    const error = await rejection(dr.execute(["age_mean"]));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain("location");
    expect(error.message).toContain("raw_data.load_data.df");
  });

  it("a column the data lacks is missing_column naming it and the columns there are", async () => {
    const dr = await build({ location, execution: "normal" });
    const error = await rejection(dr.execute(["age"], { overrides: { raw_data: tableFromArrays({ id: new Float64Array([1]) }) } }));
    expect(error).toBeInstanceOf(FuncflowError);
    const cause = (error.cause ?? error) as FuncflowError;
    expect(cause.code).toBe("missing_column");
    expect(cause.message).toContain("age");
    expect(cause.message).toContain("id");
  });
});
