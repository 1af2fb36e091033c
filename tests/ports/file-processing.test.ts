/**
 * Port of Hamilton's examples/parallelism/file_processing (tests/fixtures/ports/file-processing):
 * a generator `parallelizable` yields one item per city, each item loads two CSV files through
 * `loadFrom` with sourced paths, concatenates them, extracts columns (one of which nothing
 * reads) and summarises them; `collect` joins the per-city statistics. The statistics are worked
 * out here from the CSV files' numbers.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { rejection } from "../support/caught.ts";

const dir = new URL("../fixtures/ports/file-processing/", import.meta.url);
const modules = ["list_data.ts", "process_data.ts", "aggregate_data.ts"].map((name) => new URL(name, dir));
const data_dir = fileURLToPath(new URL("data", dir));
const build = () => new Builder().withModules(...modules).build();
const scratch = mkdtempSync(join(tmpdir(), "funcflow-file-processing-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
// The CSV files' columns, weekdays then weekends.
const CITIES = {
  amsterdam: { realSum: [200, 400, 300], person_capacity: [2, 4, 2], guest_satisfaction_overall: [90, 100, 80], cleanliness_rating: [9, 10, 8] },
  athens: { realSum: [60, 90, 120, 30], person_capacity: [1, 3, 4, 1], guest_satisfaction_overall: [70, 95, 85, 60], cleanliness_rating: [7, 10, 9, 6] },
};
const expected = Object.fromEntries(
  Object.entries(CITIES).map(([city, c]) => [
    city,
    {
      mean_guest_satisfaction: mean(c.guest_satisfaction_overall),
      mean_price: mean(c.realSum),
      mean_price_per_person: mean(c.realSum.map((price, row) => price / c.person_capacity[row]!)),
      cleanliness_ratings_mean: mean(c.cleanliness_rating),
      max_price: Math.max(...c.realSum),
    },
  ]),
);

describe("ports/parallelism/file_processing", () => {
  it("statistics_by_city: each city's statistics from its weekday and weekend files", async () => {
    const { statistics_by_city } = await (await build()).execute(["statistics_by_city"], { inputs: { data_dir } });
    expect(Object.keys(statistics_by_city as object)).toEqual(["amsterdam", "athens"]);
    for (const [city, stats] of Object.entries(expected)) {
      for (const [name, value] of Object.entries(stats)) expect((statistics_by_city as Record<string, Record<string, number>>)[city]![name], `${city}.${name}`).toBeCloseTo(value, 12);
    }
  });

  it("has Hamilton's nodes: loader nodes per sourced path, one node per extracted column, per-item nodes marked", async () => {
    const dr = await build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring["weekday_data.load_data.wkd_data"]).toEqual(["weekday_file"]);
    expect(wiring["weekend_data"]).toEqual(["weekend_data.select_data.wknd_data"]);
    expect(wiring["mean_price_per_capacity"]).toEqual(["realSum", "person_capacity"]);
    for (const name of ["weekday_file", "all_data", "room_type", "statistics"]) expect(dr.node(name).role, name).toBe("parallel-item");
    expect(dr.node("files").role).not.toBe("parallel-item");
  });

  it("the column nothing reads (room_type) is kept but cannot be requested: it has one value per city", async () => {
    const error = await rejection((await build()).execute(["room_type"], { inputs: { data_dir } }));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain("statistics_by_city");
  });

  it("files lists only the CSV files, sorted", async () => {
    const { files } = await (await build()).execute(["files"], { inputs: { data_dir } });
    expect((files as string[]).map((file) => file.slice(data_dir.length + 1))).toEqual(["amsterdam_weekdays.csv", "amsterdam_weekends.csv", "athens_weekdays.csv", "athens_weekends.csv"]);
  });

  it("a city whose weekend file is missing fails the run naming the collecting node, with the load's error as cause", async () => {
    const partial = join(scratch, "partial");
    cpSync(data_dir, partial, { recursive: true });
    rmSync(join(partial, "athens_weekends.csv"));
    const error = await rejection((await build()).execute(["statistics_by_city"], { inputs: { data_dir: partial } }));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("node_failed");
    expect(error.message).toContain('Node "weekend_data.load_data.wknd_data" failed for item 1 of "city_data" (collected by "statistics_by_city")');
    expect(error.message).toContain('the path from "weekend_file" is null');
    // funcflow's messages end in a full stop; the wrapper does not double it.
    expect(error.message).not.toContain("..");
    expect((error.cause as FuncflowError).code).toBe("invalid_argument");
  });

  it("without data_dir the run names the missing input and the node that needs it", async () => {
    const error = await rejection((await build()).execute(["statistics_by_city"]));
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain("data_dir");
    expect(error.message).toContain("files");
  });
});
