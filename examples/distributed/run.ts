/**
 * The feature-engineering pipeline run through funcflow workers on Redis, checked against the
 * same pipeline run in this process. Start Redis and two workers first (see README.md), then:
 * `npx tsx examples/distributed/run.ts [rows] [redis-url]`.
 */
import { Builder } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { bullmqExecutor } from "funcflow/bullmq";
import { featureDriver, FEATURES, ordersInputs } from "../feature-engineering/run.ts";
import { generateOrders } from "../feature-engineering/orders.ts";

/** The module the workers must load too. */
export const FEATURES_MODULE = new URL("../feature-engineering/features.ts", import.meta.url);

/** The feature driver with every node sent to the workers listening at `connection`. */
export function distributedFeatureDriver(connection: string) {
  return new Builder()
    .withModules(FEATURES_MODULE)
    .withResultBuilder(arrowTableResult)
    .withExecutor(bullmqExecutor({ connection, select: "all" }))
    .build();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 100_000);
  const connection = process.argv[3] ?? "redis://127.0.0.1:6379";
  const inputs = ordersInputs(generateOrders({ rows }));
  const remote = await distributedFeatureDriver(connection);
  try {
    const started = performance.now();
    const distributed = await remote.execute(FEATURES, { inputs });
    const remoteMs = performance.now() - started;
    const localStarted = performance.now();
    const local = await (await featureDriver()).execute(FEATURES, { inputs });
    const localMs = performance.now() - localStarted;
    const same = FEATURES.every((name) => {
      const [a, b] = [distributed.getChild(name)!, local.getChild(name)!];
      return a.length === b.length && Array.from({ length: a.length }, (_, i) => Object.is(a.get(i), b.get(i))).every(Boolean);
    });
    console.log(`${rows.toLocaleString()} orders → ${distributed.numCols} feature columns through the workers at ${connection}`);
    console.table([
      { run: "workers (bullmqExecutor)", ms: Math.round(remoteMs) },
      { run: "this process", ms: Math.round(localMs) },
    ]);
    console.log(same ? "Same table as the local run." : "DIFFERENT from the local run!");
    process.exitCode = same ? 0 : 1;
  } finally {
    await remote.close();
  }
}
