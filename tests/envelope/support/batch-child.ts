/**
 * Child process: runs an envelope over files one after another (argv: registry, reference,
 * batchRows, then input and output paths in pairs; each run logs to `<input>.log`) and prints,
 * per run, the peak RSS before and after it, in bytes, with its rows and batches.
 */
import { loadEnvelope, runBatch } from "../../../src/envelope.ts";

const [registry, reference, batchRows, ...files] = process.argv.slice(2);
const envelope = await loadEnvelope(reference!, { registry: registry! });
const runs: { input: string; before: number; after: number; rows: number; batches: number }[] = [];
for (let index = 0; index < files.length; index += 2) {
  const input = files[index]!;
  const before = process.resourceUsage().maxRSS * 1024;
  const line = await runBatch(envelope, { inputs: input, out: files[index + 1]!, batchRows: Number(batchRows), log: `${input}.log` });
  runs.push({ input, before, after: process.resourceUsage().maxRSS * 1024, rows: line.rows, batches: line.batches });
}
process.stdout.write(JSON.stringify(runs));
