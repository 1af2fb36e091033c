/**
 * How long importing the root entry takes in a fresh Node process, from compiled JavaScript
 * (esbuild output of src/index.ts with packages left external, as an installed package would
 * load). Run: `npx tsx bench/import-time.ts`. Writes bench/results/import-time.json.
 */
import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { median, printTable, writeResults } from "./report.ts";

const outDir = fileURLToPath(new URL("./results/.import-time/", import.meta.url));
await mkdir(outDir, { recursive: true });
const outfile = `${outDir}index.js`;
await build({
  entryPoints: [fileURLToPath(new URL("../src/index.ts", import.meta.url))],
  bundle: true,
  splitting: true, // the scanner stays a chunk loaded on demand, as in the compiled package
  format: "esm",
  platform: "node",
  packages: "external",
  outdir: outDir,
  outExtension: { ".js": ".js" },
  logLevel: "silent",
});

const probe = `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`;
const samples = Array.from({ length: 9 }, () =>
  Number(execFileSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: fileURLToPath(new URL("..", import.meta.url)) }).toString()),
);
const rows = [{ entry: "funcflow (root)", medianMs: Math.round(median(samples) * 10) / 10, targetMs: 100 }];
printTable("Import time of the root entry (fresh process)", rows);
await writeResults("import-time", rows);
