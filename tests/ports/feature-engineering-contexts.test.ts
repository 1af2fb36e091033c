/**
 * Port of Hamilton's examples/feature_engineering/feature_engineering_multiple_contexts/scenario_2
 * (tests/fixtures/ports/feature-engineering-contexts): one features module run in two contexts.
 * Offline (etl.py) the raw data comes from a CSV and the aggregates are computed; online
 * (fastapi_server.py) `execution_mode: "online"` drops the aggregate nodes and an async loader
 * fetches one client's raw features and the stored aggregates, the client being a config value.
 * Expected values are worked out here from the CSV's numbers and the fake store's.
 */
import { fileURLToPath } from "node:url";
import type { Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { FEATURES_IN_STORE, FeatureStoreHttpClient } from "../fixtures/ports/feature-engineering-contexts/online_loader.ts";
import { model_x_features } from "../fixtures/ports/feature-engineering-contexts/named_model_feature_sets.ts";
import { rejection } from "../support/caught.ts";

const dir = new URL("../fixtures/ports/feature-engineering-contexts/", import.meta.url);
const features = new URL("features.ts", dir);
const offlineLoader = new URL("offline_loader.ts", dir);
const onlineLoader = new URL("online_loader.ts", dir);
const location = fileURLToPath(new URL("../data-quality/absenteeism.csv", dir));

// The CSV's columns the features read, row by row.
const age = [33, 50, 38, 39, 33, 28];
const son = [2, 1, 0, 2, 2, 1];
const pet = [1, 0, 0, 0, 1, 4];
const month = [7, 12, 1, 2, 8, 5];
const day = [3, 3, 4, 5, 6, 2];
const ageMean = age.reduce((s, v) => s + v, 0) / age.length;
const ageStd = Math.sqrt(age.reduce((s, v) => s + (v - ageMean) ** 2, 0) / (age.length - 1));

const column = (table: Table, name: string) => Array.from(table.getChild(name)!.toArray() as ArrayLike<number | bigint | boolean>, Number);

/** etl.py's driver: offline_loader and features, no config. */
const offline = () => new Builder().withModules(offlineLoader, features).withResultBuilder(arrowTableResult).build();

/** fastapi_server.py's driver: the client and the execution mode in config. */
function online(client = startedClient()) {
  return new Builder().withModules(onlineLoader, features).withConfig({ feature_client: client, execution_mode: "online" }).withResultBuilder(arrowTableResult).build();
}

function startedClient(): FeatureStoreHttpClient {
  const client = new FeatureStoreHttpClient("https://my-feature-store.com/");
  client.start();
  return client;
}

describe("ports/feature_engineering_multiple_contexts (scenario 2)", () => {
  it("etl.py: the model's features plus age_mean and age_std_dev, as one table with the aggregates broadcast", async () => {
    const dr = await offline();
    const table = await dr.execute([...model_x_features, "age_mean", "age_std_dev"], { inputs: { location } });
    expect(table.schema.fields.map((f) => f.name)).toEqual([...model_x_features, "age_mean", "age_std_dev"]);
    expect(table.numRows).toBe(6);
    expect(column(table, "is_summer")).toEqual(month.map((m) => ([1, 2, 12].includes(m) ? 1 : 0)));
    expect(column(table, "has_pet")).toEqual(pet.map((p) => (p > 0 ? 1 : 0)));
    expect(column(table, "has_children")).toEqual(son.map((s) => (s > 0 ? 1 : 0)));
    for (const d of [2, 3, 4, 5, 6]) expect(column(table, `day_of_the_week_${d}`)).toEqual(day.map((v) => (v === d ? 1 : 0)));
    const zmuv = column(table, "age_zero_mean_unit_variance");
    age.forEach((a, i) => expect(zmuv[i]).toBeCloseTo((a - ageMean) / ageStd, 12));
    expect(column(table, "age_mean")).toEqual(age.map(() => ageMean));
    expect(column(table, "age_std_dev")[0]).toBeCloseTo(ageStd, 12);
  });

  it("has Hamilton's nodes offline: loader nodes, one node per column and per dummy, _raw/validator/gate per check", async () => {
    const names = new Set((await offline()).listNodes().map((node) => node.name));
    for (const name of ["raw_data", "raw_data.load_data.df", "raw_data.select_data.df", "age", "seasons", "seasons_encoded", "seasons_1", "day_of_the_week_6"]) expect(names).toContain(name);
    for (const name of ["age_mean", "age_std_dev", "age_zero_mean", "age_zero_mean_unit_variance", "has_children", "has_pet", "is_summer"]) {
      expect(names).toContain(`${name}_raw`);
      expect(names).toContain(name);
    }
    expect(names).toContain("age_mean_range_validator");
    expect(names).toContain("age_mean_dataType_validator");
  });

  it("fastapi_server.py: the same features for one client from the store, the aggregates from the store, missing dummies filled with 0", async () => {
    const client = startedClient();
    const dr = await online(client);
    const table = await dr.execute(model_x_features, { inputs: { client_id: "some-id" } });
    expect(table.numRows).toBe(1);
    expect(Object.fromEntries(model_x_features.map((name) => [name, column(table, name)[0]]))).toEqual({
      is_summer: 0,
      has_pet: 1,
      has_children: 0,
      day_of_the_week_2: 0,
      day_of_the_week_3: 1,
      day_of_the_week_4: 0,
      day_of_the_week_5: 0,
      day_of_the_week_6: 0,
      age_zero_mean_unit_variance: (36 - 33) / 13,
    });
    // The store was asked once for the raw features and once for the aggregates.
    expect(client.requests.sort()).toEqual(["agg client", "features some-id 19"]);
    // fake_model_predict: df.sum(), then the first value.
    expect(column(table, model_x_features[0]!).reduce((s, v) => s + v, 0)).toBe(0);
  });

  it("online, the aggregates are the store's nodes (extracted fields), not the features module's; the tag lands on the extracted columns", async () => {
    const dr = await online();
    expect(dr.node("age_mean").tags.module).toBe("online_loader");
    expect(dr.node("age_mean").group).toBe("aggregation_features");
    expect(dr.listNodes().some((node) => node.name === "age_mean_raw")).toBe(false);
    // As in Hamilton, a tag without a target marks the function's final nodes: the columns, not the table.
    const tagged = dr.listNodes({ tags: { source: "feature_store" } }).map((node) => node.name);
    expect(tagged.sort()).toEqual(FEATURES_IN_STORE.slice().sort());
  });

  it("the offline loader without the online config leaves no aggregate when execution_mode is online: config_unsatisfied naming age_mean", async () => {
    const dr = await new Builder().withModules(offlineLoader, features).withConfig({ execution_mode: "online" }).build();
    const error = await rejection(dr.execute(["age_zero_mean_unit_variance"], { inputs: { location } }));
    expect(error.code).toBe("config_unsatisfied");
    expect(error.message).toContain("age_mean");
    expect(error.message).toContain("execution_mode");
  });

  it("etl.py without `location` is a missing input needed by the loader", async () => {
    const error = await rejection((await offline()).execute(model_x_features));
    expect(error.code).toBe("missing_input");
    expect(error.input ?? error.message).toContain("location");
  });

  it("a client that was never started fails the run as node_failed naming the async raw_data node, the client's message kept", async () => {
    const dr = await online(new FeatureStoreHttpClient("https://my-feature-store.com/"));
    const error = await rejection(dr.execute(["has_pet"], { inputs: { client_id: "x" } }));
    expect(error.code).toBe("node_failed");
    expect(error.node).toBe("raw_data");
    expect((error.cause as Error).message).toContain("call start()");
  });
});
