/**
 * `npm run bench`: runs every benchmark in its own fresh process (import and cold-scan times
 * need one), printing each table; JSON results land in bench/results/.
 * Pass names to run a subset: `npm run bench -- core kernels`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ALL = ["core", "input-narrowing", "import-time", "scan", "typecheck", "kernels", "engine", "feature-cache", "serve", "explorer", "distributed", "scale", "text-batches", "node-infos"];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
let failed = false;
for (const name of chosen) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`(no benchmark named "${name}")`);
    continue;
  }
  const { status } = spawnSync(tsx, [file], { stdio: "inherit" });
  failed ||= status !== 0;
}
process.exit(failed ? 1 : 0);
