/**
 * The worker-thread side of `workerExecutor` (a piscina task handler): for each node of a batch,
 * imports its module by URL (once per thread), unwraps the exported function from its
 * modifiers, calls it with the decoded arguments, and sends back the encoded results, whose
 * buffers are moved, not copied. The nodes of a batch are started one after the other and
 * awaited together, so async nodes in one batch overlap. A block task runs a parallel block's
 * functions for a slice of its items, exactly as the main thread would (`runBlockItems`).
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { move, transferableSymbol, valueSymbol } from "piscina";
import { readNodeMetadata, type NodeFunction, runBlockItems, BlockItemFailure } from "../graph/index.ts";
import type { ModuleAddress } from "./node-executor.ts";
import { decodeValue, encodeValue } from "../codec/index.ts";
import type { WorkerBatch, WorkerBlockTask, WorkerReply, WorkerTask } from "./worker-protocol.ts";

const modules = new Map<string, Promise<Readonly<Record<string, unknown>>>>();

export default async function runBatch(batch: WorkerBatch): Promise<unknown> {
  const outcomes = await Promise.all(batch.tasks.map((task) => (task.kind === "block" ? runBlockTask(task) : runTask(task))));
  const transferList: ArrayBuffer[] = [];
  const replies = outcomes.map((outcome): WorkerReply => {
    if (!outcome.ok) return outcome;
    const encoded = encodeValue(outcome.value, batch.resultBuffers);
    transferList.push(...encoded.transferList);
    return { ok: true, result: encoded.payload };
  });
  // piscina's Transferable protocol: the value to send and the buffers to move with it.
  return move({ [transferableSymbol]: [...new Set(transferList)], [valueSymbol]: replies } as never);
}

type Outcome = { readonly ok: true; readonly value: unknown } | Extract<WorkerReply, { ok: false }>;

async function runTask(task: WorkerTask): Promise<Outcome> {
  let fn: (...args: unknown[]) => unknown;
  try {
    fn = await functionOf(task);
  } catch (error) {
    return { ok: false, stage: "load", error };
  }
  try {
    const args = await Promise.all(task.args.map(decodeValue));
    return { ok: true, value: await fn(...args) };
  } catch (error) {
    return { ok: false, stage: "run", error };
  }
}


async function runBlockTask(task: WorkerBlockTask): Promise<Outcome> {
  let fns: ((...args: unknown[]) => unknown)[];
  try {
    fns = await Promise.all(task.steps.map(functionOf));
  } catch (error) {
    return { ok: false, stage: "load", error };
  }
  try {
    const [items, outer] = await Promise.all([decodeValue(task.items), decodeValue(task.outer)]);
    const fail = (step: number, item: number, error: unknown) => new BlockItemFailure(step, item, error);
    const value = await runBlockItems(fns, task.wiring, task.gathered, items as unknown[], outer as unknown[], fail, task.firstIndex);
    return { ok: true, value };
  } catch (caught) {
    if (caught instanceof BlockItemFailure) return { ok: false, stage: "run", error: caught.error, step: caught.step, item: caught.item };
    return { ok: false, stage: "run", error: caught };
  }
}

async function functionOf(task: ModuleAddress): Promise<(...args: unknown[]) => unknown> {
  let namespace = modules.get(task.url);
  if (namespace === undefined) {
    namespace = importModule(task.url);
    modules.set(task.url, namespace);
  }
  const exported = (await namespace)[task.exportName];
  if (typeof exported !== "function") throw new Error(`${task.url} does not export a function "${task.exportName}"`);
  return readNodeMetadata(exported as NodeFunction).fn as (...args: unknown[]) => unknown;
}

/**
 * Imports a module by URL. On Node 20, tsx registers its ESM hooks in the main thread only,
 * while its CommonJS hooks also reach workers: a `.ts` module that `import()` cannot load there
 * is loaded through `require` instead (Node 20.19+ also requires ES modules without top-level await).
 */
async function importModule(url: string): Promise<Readonly<Record<string, unknown>>> {
  try {
    return (await import(url)) as Readonly<Record<string, unknown>>;
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
    return createRequire(import.meta.url)(fileURLToPath(url)) as Readonly<Record<string, unknown>>;
  }
}
