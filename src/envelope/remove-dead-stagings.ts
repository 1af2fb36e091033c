/**
 * The registry's staging folder holds one folder per save under way, named after the saving
 * process: `.envelope.<pid>.<hex>.tmp` (a files/ temporary) or, from registries written before
 * that naming, `<pid>-<hex>`. A save killed while bundling or running its examples leaves its
 * folder (a whole copy of the envelope) behind.
 */
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { isProcessRunning } from "../files/index.ts";

/** Both generations of a staging folder's name, the owner's pid captured. */
const STAGING_NAMES = [/^\.envelope\.(\d+)\.[0-9a-f]{12}\.tmp$/, /^(\d+)-[0-9a-f]{12}$/];

/**
 * Removes every staging folder in `staging` whose owner process is gone, whatever its age and
 * naming generation, and keeps every one whose owner runs. Unlike files/'s temporaries, age
 * counts for nothing here: a live save's folder can go untouched for long (an example run, a
 * slow bundle), and a leftover whose pid another process took is removed once that one ends.
 * Never throws: a folder that cannot be listed or removed keeps its leftovers.
 * @example await removeDeadStagings(join(registryRoot, "staging"));
 */
export async function removeDeadStagings(staging: string): Promise<void> {
  const names = await readdir(staging).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = STAGING_NAMES.map((pattern) => pattern.exec(name)?.[1]).find((found) => found !== undefined);
      if (pid === undefined || isProcessRunning(Number(pid))) return;
      await rm(join(staging, name), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}
