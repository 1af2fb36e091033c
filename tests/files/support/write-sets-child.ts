/**
 * A writer process for the concurrent file-set test. Two of them ("left" and "right") write one
 * file set onto the same targets in rounds, starting each round together; after both committed a
 * round, "left" reads the targets, which must all hold one writer's file of that round, and
 * prints every round where they did not. Rounds are kept in step by marker files in `<root>/sync`.
 * Usage: write-sets-child.ts <root> <left|right> <rounds> <target,...>
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileSet } from "../../../src/files/index.ts";

const [root, label, roundsText, targetList] = process.argv.slice(2) as [string, "left" | "right", string, string];
const targets = targetList.split(",");
const sync = join(root, "sync");
const out = join(root, "out");
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
const mark = (name: string) => writeFile(join(sync, name), "");
async function waitFor(name: string): Promise<void> {
  while (!existsSync(join(sync, name))) await sleep(1);
}

await mkdir(sync, { recursive: true });
await mark(`ready-${label}`);
await waitFor("ready-left");
await waitFor("ready-right");
const mixed: string[] = [];
for (let round = 1; round <= Number(roundsText); round++) {
  if (round > 1) await waitFor(`checked-${round - 1}`);
  await writeFileSet(async (set) => {
    await Promise.all(
      targets.map(async (name) => {
        const staged = await set.stage(join(out, name));
        await sleep(Math.random() * 2);
        await writeFile(staged, `${label} round ${round}`);
      }),
    );
  });
  await mark(`done-${label}-${round}`);
  if (label === "left") {
    await waitFor(`done-right-${round}`);
    const contents = await Promise.all(targets.map((name) => readFile(join(out, name), "utf8")));
    if (new Set(contents).size !== 1 || !contents[0]!.endsWith(`round ${round}`)) mixed.push(`round ${round}: ${contents.join(" | ")}`);
    await mark(`checked-${round}`);
  }
}
process.stdout.write(JSON.stringify(mixed));
