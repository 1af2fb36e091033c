/**
 * Parsers for repeatable command-line options: name lists (`--outputs a,b --outputs c`) and
 * `key=value` pairs (`--tag owner=data`), so a value never swallows the positional modules.
 * A malformed value throws commander's InvalidArgumentError: a usage error (exit code 2)
 * that names the option.
 */
import { InvalidArgumentError } from "commander";

/**
 * Accumulates comma-separated names across repeated uses of an option.
 * @example new Option("--outputs <names>").argParser(collectNames).default([])
 */
export function collectNames(value: string, previous: readonly string[] = []): string[] {
  return [...previous, ...value.split(",").map((name) => name.trim()).filter((name) => name !== "")];
}

/**
 * Accumulates `key=value` pairs across repeated uses of an option.
 * @example collectPairs("owner=data", []); // [["owner", "data"]]
 */
export function collectPairs(value: string, previous: readonly (readonly [string, string])[] = []): [string, string][] {
  const equals = value.indexOf("=");
  if (equals <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a key=value pair. Write it as name=value, e.g. region=US.`);
  }
  return [...previous.map(([key, item]) => [key, item] as [string, string]), [value.slice(0, equals), value.slice(equals + 1)]];
}

/**
 * A command-line value read as JSON when it parses (`3`, `true`, `"US"`, `[1,2]`), else as the string itself.
 * @example parseLooseValue("3"); // 3
 */
export function parseLooseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A whole number of at least `min`.
 * @example parseCount("2", 0); // 2
 */
export function parseCount(text: string, min = 0): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < min) {
    throw new InvalidArgumentError(`"${text}" is not a whole number of at least ${min}.`);
  }
  return count;
}
