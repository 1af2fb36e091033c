/**
 * Argument checks shared by the envelope functions: a reference, a registry, a loaded envelope.
 * Each failure is an `invalid_argument` FuncflowError naming the function and the argument.
 */
import { invalidArgument, requireName } from "../errors/index.ts";
import type { LoadedEnvelope } from "./load-envelope.ts";
import type { Registry } from "./registry.ts";

/** Asserts an envelope reference: `name`, `name@version`, `name:tag`, an id or a folder. */
export function requireEnvelopeReference(where: string, value: unknown): asserts value is string {
  requireName(where, "reference", value, `"churn-model@2", "churn-model:prod", an envelope id or an envelope folder`);
}

/** Asserts an optional registry: undefined (the default folder), a folder path, or a Registry object. */
export function requireRegistry(where: string, value: unknown): asserts value is Registry | string | undefined {
  if (value === undefined) return;
  if (typeof value === "string" && value !== "") return;
  const candidate = value as Partial<Registry> | null;
  if (typeof value === "object" && candidate !== null && typeof candidate.resolve === "function" && typeof candidate.open === "function") return;
  throw invalidArgument(where, "registry", value, `a registry folder such as ".funcflow/registry", a Registry such as folderRegistry("…"), or undefined`);
}

/** Asserts an envelope as loadEnvelope returns it (checked by the driver and schema it carries). */
export function requireLoadedEnvelope(where: string, argument: string, value: unknown): asserts value is LoadedEnvelope {
  const candidate = value as Partial<LoadedEnvelope> | null;
  const isLoaded =
    typeof value === "object" &&
    candidate !== null &&
    typeof candidate.driver?.listNodes === "function" &&
    typeof candidate.schema === "object" &&
    candidate.schema !== null &&
    typeof candidate.schema.inputs === "object" &&
    typeof candidate.schema.outputs === "object";
  if (!isLoaded) throw invalidArgument(where, argument, value, `an envelope reference such as "churn-model@2", or what loadEnvelope returns`);
}
