/**
 * Port of Hamilton's examples/feature_engineering/feature_engineering_multiple_contexts/scenario_1
 * (tests/fixtures/ports/feature-engineering-scenario-1; offline_loader and the model's feature set
 * are scenario 2's, the same files in Hamilton): the aggregation features are tagged
 * `inject_at_inference_time` rather than configured away. Offline (etl.py) they are computed
 * from the CSV; online (fastapi_server.py) the request carries one row of raw data and the stored
 * aggregates are passed as overrides, through the served app in this process (`inject`, no
 * socket). Expected values are worked out here from the CSV's numbers and the request's.
 */
import { fileURLToPath } from "node:url";
import type { Table } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, type DataQualityWarning } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { model_x_features } from "../fixtures/ports/feature-engineering-contexts/named_model_feature_sets.ts";
import { buildDriver, createApp, load_invariant_feature_values } from "../fixtures/ports/feature-engineering-scenario-1/fastapi_server.ts";
import { rejection } from "../support/caught.ts";

const dir = new URL("../fixtures/ports/feature-engineering-scenario-1/", import.meta.url);
const features = new URL("features.ts", dir);
const offlineLoader = new URL("../feature-engineering-contexts/offline_loader.ts", dir);
const location = fileURLToPath(new URL("../data-quality/absenteeism.csv", dir));

// The CSV's age column.
const age = [33, 50, 38, 39, 33, 28];
const ageMean = age.reduce((s, v) => s + v, 0) / age.length;
const ageStd = Math.sqrt(age.reduce((s, v) => s + (v - ageMean) ** 2, 0) / (age.length - 1));

/** The README's example request (its values as numbers). */
const REQUEST = {
  id: 11, reason_for_absence: 26, month_of_absence: 7, day_of_the_week: 3, seasons: 2, transportation_expense: 1,
  distance_from_residence_to_work: 1, service_time: 289, age: 36, work_load_average_per_day: 13, hit_target: 33,
  disciplinary_failure: 239.554, education: 97, son: 0, social_drinker: 1, social_smoker: 2, pet: 1, weight: 90, height: 172, body_mass_index: 30,
};
/** The features of REQUEST, by hand: July is not summer, a pet, no son, a Tuesday (3), age (36 − 33) / 12. */
const REQUEST_FEATURES = { is_summer: 0, has_pet: 1, has_children: 0, day_of_the_week_2: 0, day_of_the_week_3: 1, day_of_the_week_4: 0, day_of_the_week_5: 0, day_of_the_week_6: 0, age_zero_mean_unit_variance: 0.25 };

const column = (table: Table, name: string) => Array.from(table.getChild(name)!.toArray() as ArrayLike<number | bigint | boolean>, Number);
/** The raw fields the features read (the request's other fields are for the model's other uses). */
const READ = ["age", "seasons", "day_of_the_week", "son", "pet", "month_of_absence"] as const;
let app: Awaited<ReturnType<typeof createApp>>;
beforeAll(async () => {
  app = await createApp(await buildDriver());
});
afterAll(() => app.close());

describe("ports/feature_engineering_multiple_contexts (scenario 1)", () => {
  it("etl.py: the model's features plus the computed age_mean and age_std_dev, the aggregates broadcast", async () => {
    const dr = await new Builder().withModules(offlineLoader, features).withResultBuilder(arrowTableResult).build();
    const table = await dr.execute([...model_x_features, "age_mean", "age_std_dev"], { inputs: { location } });
    expect(table.numRows).toBe(6);
    expect(column(table, "age_mean")).toEqual(age.map(() => ageMean));
    expect(column(table, "age_std_dev")[0]).toBeCloseTo(ageStd, 12);
    column(table, "age_zero_mean_unit_variance").forEach((v, i) => expect(v).toBeCloseTo((age[i]! - ageMean) / ageStd, 12));
  });

  it("the aggregation features carry the tag, so the service can find what to inject", async () => {
    const dr = await buildDriver();
    const tagged = dr.listNodes({ tags: { inject_at_inference_time: "True" } }).map((node) => node.name);
    // tag wraps checkOutput: the tag lands on the gate node the graph reads (Hamilton's default target).
    expect(tagged).toEqual(["age_mean", "age_std_dev"]);
    expect(Object.keys(load_invariant_feature_values()).sort()).toEqual(tagged);
  });

  it("fastapi_server.py's /predict: the request's row, the stored aggregates as overrides, the fake model's first sum", async () => {
    const reply = await app.inject({ method: "POST", url: "/predict", payload: REQUEST });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ prediction: REQUEST_FEATURES.is_summer });
  });

  it("the same through the served /execute: one-row columns of the fields the features read, the overrides given, each feature a one-value column out", async () => {
    const inputs = Object.fromEntries(READ.map((name) => [name, [REQUEST[name]]]));
    const reply = await app.inject({ method: "POST", url: "/execute", payload: { outputs: model_x_features, inputs, overrides: load_invariant_feature_values() } });
    expect(reply.statusCode, reply.body).toBe(200);
    const body = reply.json() as Record<string, unknown[]>;
    expect(Object.fromEntries(model_x_features.map((name) => [name, Number(body[name]![0])]))).toEqual(REQUEST_FEATURES);
  });

  it("/execute refuses the request's fields no node reads (422 naming each), where dr.execute ignores them as Hamilton does", async () => {
    const inputs = Object.fromEntries(Object.entries(REQUEST).map(([name, value]) => [name, [value]]));
    const reply = await app.inject({ method: "POST", url: "/execute", payload: { outputs: model_x_features, inputs, overrides: load_invariant_feature_values() } });
    expect(reply.statusCode).toBe(422);
    const unread = Object.keys(REQUEST).filter((name) => !(READ as readonly string[]).includes(name));
    const refused = (reply.json() as { detail: { loc: string[]; type: string }[] }).detail.map((entry) => `${entry.loc.at(-1)}:${entry.type}`);
    expect(refused.sort()).toEqual(unread.map((name) => `${name}:extra_forbidden`).sort());
  });

  it("online without the overrides, the aggregates are computed from the one row: the sample std of one value is NaN, and the checks warn (importance warn, as Hamilton's default)", async () => {
    const warnings: DataQualityWarning[] = [];
    const dr = await new Builder().withModules(features).withAdapters({ name: "warnings", onDataQualityWarning: (warning) => void warnings.push(warning) }).build();
    const { makeVector } = await import("apache-arrow");
    const inputs = Object.fromEntries(READ.map((name) => [name, makeVector(new Float64Array([REQUEST[name]]))]));
    const { age_std_dev, age_zero_mean_unit_variance } = await dr.execute(["age_std_dev", "age_zero_mean_unit_variance"], { inputs });
    expect(age_std_dev).toBeNaN();
    expect(Number.isNaN([...(age_zero_mean_unit_variance as Iterable<number>)][0])).toBe(true);
    expect(warnings.map((warning) => warning.validatorNode).sort()).toEqual(["age_std_dev_range_validator", "age_zero_mean_unit_variance_allowNaN_validator", "age_zero_mean_unit_variance_range_validator"]);
  });

  it("a request missing a raw field the features read is refused with 422, naming it (FastAPI's status for a body that fails its model)", async () => {
    const inputs = Object.fromEntries(READ.filter((name) => name !== "age").map((name) => [name, [REQUEST[name]]]));
    const reply = await app.inject({ method: "POST", url: "/execute", payload: { outputs: model_x_features, inputs, overrides: load_invariant_feature_values() } });
    expect(reply.statusCode).toBe(422);
    expect(reply.body).toContain('"age"');
    const { age: _dropped, ...rest } = REQUEST;
    const predict = await app.inject({ method: "POST", url: "/predict", payload: rest });
    expect(predict.statusCode).toBe(422);
    expect(predict.body).toContain("age");
  });
});
