/**
 * Checks every command's option values once they are parsed, before the command runs: an empty
 * value (`--queue ""`), or a value that is really the next option (`--outputs --json`, which
 * commander reads as the value of `--outputs`), is a usage error (exit 2) naming the option.
 * Typed values (numbers, ports, choices, file extensions) are checked by each option's parser.
 */
import type { Command, Option } from "commander";

/**
 * A `preAction` hook for the program: it runs for every command.
 * @example program.hook("preAction", rejectMissingOptionValues);
 */
export function rejectMissingOptionValues(_program: Command, action: Command): void {
  const flags = new Set<string>();
  for (let command: Command | null = action; command !== null; command = command.parent) {
    for (const option of command.options) for (const flag of [option.long, option.short]) if (flag) flags.add(flag);
  }
  for (const option of action.options) {
    if (!option.required && !option.optional) continue;
    const key = option.attributeName();
    if (action.getOptionValueSource(key) !== "cli") continue;
    for (const text of textsOf(action.getOptionValue(key))) {
      if (text.trim() === "") fail(action, option, `argument '${text}' is invalid. An empty value means nothing: give a value, or leave the option out for its default.`);
      if (flags.has(text)) fail(action, option, `argument missing: "${text}" after it is an option, not its value. Put the value right after ${option.long ?? option.short}.`);
    }
  }
}

/** The texts a user typed for an option: a string, a list of strings, or the keys of `key=value` pairs. */
function textsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => (typeof item === "string" ? [item] : Array.isArray(item) && typeof item[0] === "string" ? [item[0]] : []));
}

function fail(command: Command, option: Option, message: string): never {
  command.error(`error: option '${option.flags}' ${message}`, { code: "funcflow.invalidOptionValue", exitCode: 2 });
}
