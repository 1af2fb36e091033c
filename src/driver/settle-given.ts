/**
 * Inputs and overrides given as promises (or any thenable) are awaited before the run, as
 * Hamilton's async driver awaits "tasks as inputs": a node receives the value, never the
 * promise. Only a run that was given one pays for it; `fillGiven` tells which.
 */
import { FuncflowError } from "../errors/index.ts";
import { isThenable } from "../graph/index.ts";
import { Given, type Plan } from "./plan.ts";

/**
 * Replaces every thenable in the plan's given slots by what it resolves to, all awaited at once.
 * @throws FuncflowError `invalid_argument` naming the input or override whose promise rejected, the
 *   rejection kept as `cause`.
 */
export async function settleGiven(plan: Plan, values: unknown[], where: string): Promise<void> {
  const pending: Promise<void>[] = [];
  for (let i = 0; i < plan.givenSlots.length; i++) {
    const slot = plan.givenSlots[i]!;
    const value = values[slot];
    // Config is handed over as configured (fillGiven never counts it as promised): awaiting it
    // here would make a configured promise's fate depend on whether an input was a promise too.
    if (plan.givenFrom[i] === Given.Config || !isThenable(value)) continue;
    const name = plan.givenNames[i]!;
    const option = plan.givenFrom[i] === Given.Override ? "overrides" : "inputs";
    pending.push(
      Promise.resolve(value).then(
        (settled) => void (values[slot] = settled),
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          throw new FuncflowError(
            "invalid_argument",
            `${where}: ${option}.${name} is a promise that rejected (${reason}), so nothing that needs "${name}" can run. Pass a value or a promise that resolves; the rejection is the cause.`,
            { ...(option === "inputs" ? { input: name } : { node: name }), cause: error },
          );
        },
      ),
    );
  }
  await Promise.all(pending);
}
