/**
 * Child process: loads an envelope (argv: registry, reference, inputs as JSON of number arrays)
 * and prints its outputs as JSON, plus which files under the repo's examples/ or tests/ it loaded.
 */
import { loadEnvelope } from "../../../src/envelope.ts";

const [registry, reference, inputsJson] = process.argv.slice(2);
const inputs = Object.fromEntries(Object.entries(JSON.parse(inputsJson!) as Record<string, number[]>).map(([name, values]) => [name, new Float64Array(values)]));
const envelope = await loadEnvelope(reference!, { registry: registry!, onDrift: (message) => process.stderr.write(`drift: ${message}\n`) });
const outputs = await envelope.execute(inputs);
const json = Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, Array.from(value as Iterable<number>)]));
process.stdout.write(JSON.stringify({ id: envelope.id, outputs: json }));
