/**
 * Child process: changes an envelope's tags through `registry.updateMeta` with a change step that
 * takes `holdMs` (argv: registry, id, holdMs), so the registry's meta lock stays held that long.
 * Prints "holding" once it holds the lock, then "done" when the change is written.
 */
import { folderRegistry } from "../../../src/envelope.ts";

const [registry, id, holdMs] = process.argv.slice(2);
await folderRegistry(registry!).updateMeta(id!, (meta) => {
  process.stdout.write("holding\n");
  // A slow step while the lock is held: the thread sleeps, the lock file stays.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(holdMs));
  return { ...meta, tags: { ...meta.tags, child: "slow" } };
});
process.stdout.write("done\n");
