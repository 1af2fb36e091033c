/** Shared helpers of the benchmarks: robust timing summaries, a printed table, a JSON file. */
import { mkdir, writeFile } from "node:fs/promises";

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function printTable(title: string, rows: readonly Record<string, unknown>[]): void {
  console.log(`\n${title}`);
  console.table(rows);
}

/** Writes `bench/results/<name>.json` with the machine it ran on. */
export async function writeResults(name: string, rows: unknown): Promise<string> {
  const dir = new URL("./results/", import.meta.url);
  await mkdir(dir, { recursive: true });
  const file = new URL(`${name}.json`, dir);
  const machine = { node: process.version, platform: process.platform, arch: process.arch, date: new Date().toISOString() };
  await writeFile(file, `${JSON.stringify({ machine, rows }, null, 2)}\n`);
  return file.pathname;
}

/** Median wall time of `repeats` runs of `action` (awaited), in milliseconds. */
export async function timeMedian(action: () => unknown, repeats: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await action();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Rounds to three decimals for tables. */
export const round = (value: number) => Math.round(value * 1000) / 1000;
