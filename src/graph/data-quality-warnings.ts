/**
 * Where data-quality warnings go (a `warn`-importance check that failed). During a run with a
 * lifecycle adapter that takes them (`onDataQualityWarning`, e.g. `structuredLogging`), to
 * that adapter; otherwise to `console.warn`. The run's receiver travels with the run's async
 * context, so concurrent runs of different Drivers never mix their warnings. The store is kept
 * under a `Symbol.for` key so two copies of funcflow in one process share it.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** One failed `warn`-importance check. */
export interface DataQualityWarning {
  /** The checked node. */
  readonly node: string;
  /** The check (e.g. `range`, or a custom validator's name). */
  readonly validator: string;
  /** The validator node that holds the full result. */
  readonly validatorNode: string;
  readonly message: string;
  readonly diagnostics: Readonly<Record<string, unknown>> | undefined;
}

type Receiver = (warning: DataQualityWarning) => void;

const STORE = Symbol.for("funcflow.data-quality-warnings");
const receivers: AsyncLocalStorage<Receiver> = ((globalThis as Record<symbol, unknown>)[STORE] ??= new AsyncLocalStorage<Receiver>()) as AsyncLocalStorage<Receiver>;

/** Sends a warning to the current run's receiver, else to `console.warn`. */
export function reportDataQualityWarning(warning: DataQualityWarning): void {
  const receiver = receivers.getStore();
  if (receiver !== undefined) receiver(warning);
  else console.warn(`funcflow: check "${warning.validator}" on "${warning.node}" failed (warn): ${warning.message}.`);
}

/** Runs `work` with `receiver` taking the warnings its nodes report. */
export function withDataQualityReceiver<T>(receiver: Receiver, work: () => T): T {
  return receivers.run(receiver, work);
}
