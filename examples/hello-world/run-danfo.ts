/**
 * The same pipeline with Danfo: Series in, a DataFrame out. Danfo values are converted at the
 * edges (`seriesToVector` in, `danfoDataFrameResult` out); the transforms stay Arrow-first.
 * Run: `npx tsx examples/hello-world/run-danfo.ts`.
 */
import * as dfd from "danfojs-node";
import { Builder } from "funcflow";
import { danfoDataFrameResult, seriesToVector } from "funcflow/danfo";

export async function helloWorldWithDanfo() {
  const spend = new dfd.Series([10, 10, 20, 40, 40, 50]);
  const signups = new dfd.Series([1, 10, 50, 100, 200, 400]);
  const dr = await new Builder()
    .withModules(new URL("./transforms.ts", import.meta.url))
    .withResultBuilder(danfoDataFrameResult)
    .build();
  return dr.execute(["avg3wkSpend", "spendPerSignup", "spendZeroMeanUnitVariance"], {
    inputs: { spend: seriesToVector(spend), signups: seriesToVector(signups) },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  (await helloWorldWithDanfo()).print();
}
