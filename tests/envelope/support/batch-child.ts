/**
 * Child process: runs an envelope over a file (argv: registry, reference, inputs, out, batchRows,
 * log) and prints the peak RSS before and after the batch, in bytes.
 */
import { loadEnvelope, runBatch } from "../../../src/envelope.ts";

const [registry, reference, inputs, out, batchRows, log] = process.argv.slice(2);
const envelope = await loadEnvelope(reference!, { registry: registry! });
// Warm up the Parquet writer and Arrow so the baseline includes their code, not the data.
global.gc?.();
const before = process.resourceUsage().maxRSS * 1024;
const line = await runBatch(envelope, { inputs: inputs!, out: out!, batchRows: Number(batchRows), log: log! });
const after = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ before, after, rows: line.rows, batches: line.batches }));
