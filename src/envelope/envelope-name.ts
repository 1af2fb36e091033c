/** Envelope names: safe as one folder name on every platform. */
import { FuncflowError } from "../errors/index.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Checks an envelope name: letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most
 * 100 characters, so it can never leave the registry's folder (`..`, `/`, `\`).
 * @throws FuncflowError `envelope_invalid` naming the name.
 * @example checkEnvelopeName("churn-model") // ok
 */
export function checkEnvelopeName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !NAME.test(name) || name.includes("..")) {
    throw new FuncflowError(
      "envelope_invalid",
      `saveEnvelope: the name ${JSON.stringify(name)} is not allowed: use letters, digits, ".", "_" and "-" (no "/", "\\\\", "..", "@" or spaces), starting with a letter or digit. E.g. "churn-model".`,
      { details: { name } },
    );
  }
}
