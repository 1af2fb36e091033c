/**
 * Trains the revenue model inside the pipeline, then saves its prediction pipeline as an envelope
 * (the fit travels as config), with tags and metrics, and writes a Parquet file to score in batch.
 *
 *   npx tsx examples/envelope/train-and-save.ts
 */
import { mkdir } from "node:fs/promises";
import { makeVector, Table } from "apache-arrow";
import { Builder } from "funcflow";
import { saveEnvelope } from "funcflow/envelope";
import { writeTable } from "funcflow/io";

const here = new URL(".", import.meta.url);
const model = new URL("./model.ts", import.meta.url);

/** Synthetic weeks: revenue = 50 + 3·spend + 0.2·visits + noise (a fixed-seed generator, so the run repeats). */
function weeks(count: number, seed: number): { spend: Float64Array; visits: Float64Array; revenue: Float64Array } {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const spend = new Float64Array(count);
  const visits = new Float64Array(count);
  const revenue = new Float64Array(count);
  for (let index = 0; index < count; index += 1) {
    spend[index] = 10 + 90 * random();
    visits[index] = 100 + 900 * random();
    revenue[index] = 50 + 3 * spend[index]! + 0.2 * visits[index]! + 10 * (random() - 0.5);
  }
  return { spend, visits, revenue };
}

// 1. Train inside the pipeline: `fit` and, with that fit as config, `rmse` on held-out weeks.
const training = weeks(5_000, 1);
const holdout = weeks(1_000, 2);
const trainer = await new Builder().withModules(model).build();
const { fit } = (await trainer.execute(["fit"], { inputs: { spend: makeVector(training.spend), visits: makeVector(training.visits), revenue: makeVector(training.revenue) } })) as { fit: object };
const scorer = await new Builder().withModules(model).withConfig({ model: fit }).build();
const { rmse } = (await scorer.execute(["rmse"], { inputs: { spend: makeVector(holdout.spend), visits: makeVector(holdout.visits), revenue: makeVector(holdout.revenue) } })) as { rmse: number };
console.log("fit", fit, "holdout rmse", rmse.toFixed(3));

// 2. Save the prediction pipeline: code, schema, examples, environment; the fit as config.
const saved = await saveEnvelope({
  name: "revenue-model",
  description: "Weekly revenue from ad spend and site visits (least squares).",
  modules: [model],
  outputs: ["predictedRevenue"],
  config: { model: fit },
  exampleInputs: { spend: makeVector(holdout.spend.slice(0, 5)), visits: makeVector(holdout.visits.slice(0, 5)) },
  tags: { algorithm: "least-squares", stage: "staging" },
  metrics: { holdoutRmse: Number(rmse.toFixed(4)), trainingRows: training.spend.length },
});
console.log(`saved ${saved.name}@${saved.version} ${saved.id}`);

// 3. A table to score in batch.
const scoring = weeks(100_000, 3);
await mkdir(new URL("./out/", here), { recursive: true });
await writeTable(new URL("./out/scoring.parquet", here).pathname, new Table({ spend: makeVector(scoring.spend), visits: makeVector(scoring.visits) }));
console.log("wrote examples/envelope/out/scoring.parquet (100,000 rows)");
