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
  const names = value.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.length === 0) throw new InvalidArgumentError(`"${value}" names nothing. Give one or more names, comma-separated, e.g. spendMean,spendStd.`);
  return [...previous, ...names];
}

/**
 * Accumulates each use of an option as given, untrimmed and unsplit (a marker such as `N/A, x`
 * means exactly that text).
 * @example new Option("--null-value <text>").argParser(collectTexts).default([])
 */
export function collectTexts(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
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
export function parseCount(text: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const count = Number(text);
  if (text.trim() === "" || !Number.isInteger(count) || count < min || count > max) {
    throw new InvalidArgumentError(`"${text}" is not a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}.`);
  }
  return count;
}

/**
 * A TCP port: 0 (any free port) to 65535.
 * @example parsePort("8080"); // 8080
 */
export function parsePort(text: string): number {
  return parseCount(text, 0, 65535);
}

/**
 * Accumulates `key=number` pairs (`--metric rmse=0.12`).
 * @example collectNumberPairs("rmse=0.12", []); // [["rmse", 0.12]]
 */
export function collectNumberPairs(value: string, previous: readonly (readonly [string, number])[] = []): [string, number][] {
  const [[key, text]] = collectPairs(value) as [[string, string]];
  const number = Number(text);
  if (text.trim() === "" || !Number.isFinite(number)) throw new InvalidArgumentError(`"${text}" is not a number. Write e.g. ${key}=0.12.`);
  return [...previous.map(([name, item]) => [name, item] as [string, number]), [key, number]];
}

/**
 * Table files funcflow reads and writes, by extension: the CLI checks a file option's extension
 * before anything runs, without loading the readers (io's `tableFormatOf` has the same list; a
 * test keeps them in step).
 */
export const TABLE_EXTENSIONS = [".arrow", ".feather", ".ipc", ".arrows", ".csv", ".json", ".parquet", ".pq"] as const;

/**
 * A parser for a file option whose extension must be one of `extensions` (case-insensitive).
 * @example new Option("--out <file>").argParser(fileWithExtension([".csv", ".parquet"]))
 */
export function fileWithExtension(extensions: readonly string[]): (text: string) => string {
  return (text) => {
    const dot = text.lastIndexOf(".");
    const extension = dot > text.lastIndexOf("/") ? text.slice(dot).toLowerCase() : "";
    if (!extensions.includes(extension)) {
      throw new InvalidArgumentError(`"${text}" ${extension === "" ? "has no extension" : `ends in "${extension}"`}, which funcflow cannot tell a format from. Use a file ending in ${extensions.join(", ")}.`);
    }
    return text;
  };
}

/**
 * The same parser accumulating a repeatable option's files.
 * @example listOption(command, "--inputs <file>", "…", collectFiles(TABLE_EXTENSIONS))
 */
export function collectFiles(extensions: readonly string[]): (value: string, previous?: readonly string[]) => string[] {
  const check = fileWithExtension(extensions);
  return (value, previous = []) => [...previous, ...collectNames(value).map(check)];
}

/**
 * `--config`: inline JSON (starting with `{`, or `[`, which is never a config) must parse to an
 * object now; a file path is read when the command runs.
 * @example parseConfigArgument('{"region":"US"}'); // the text, checked
 */
export const parseConfigArgument = jsonObjectArgument("--config", `'{"region":"US"}'`);

/**
 * A parser for an option taking a JSON file or an inline JSON object (`--config`, `view
 * --materialize`): inline JSON must parse to an object now, a file path is read when the command runs.
 * @example jsonObjectArgument("--config", `'{"region":"US"}'`)('{"region":"US"}'); // the text, checked
 */
export function jsonObjectArgument(flag: string, example: string): (text: string) => string {
  return (text) => {
    if (!/^\s*[[{]/.test(text)) return text;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InvalidArgumentError(`inline JSON that does not parse (${(error as Error).message}). Quote it for the shell: ${flag} ${example}.`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidArgumentError(`expected a JSON object, e.g. ${example}.`);
    return text;
  };
}

/**
 * A Redis URL (`redis://host[:port][/db]`, `rediss://` for TLS), checked for its shape; the
 * worker reads the rest.
 * @example parseRedisUrlArgument("redis://127.0.0.1:6379");
 */
export function parseRedisUrlArgument(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
    throw new InvalidArgumentError(`not a Redis URL. Write e.g. redis://127.0.0.1:6379 (rediss:// for TLS).`);
  }
  return text;
}

/**
 * `--csv-delimiter`'s value, kept as typed: one character, or `\t` or `tab` for a tab (a typed
 * tab is whitespace, which every option refuses as an empty value). `csvDelimiterOf` reads it.
 */
export function csvDelimiterOption(text: string): string {
  if (csvDelimiterOf(text) === undefined) {
    throw new InvalidArgumentError(`the delimiter ${JSON.stringify(text)} is not usable: give one character other than a quote or a line break, e.g. ';', or '\\t' for a tab.`);
  }
  return text;
}

/**
 * The delimiter `--csv-delimiter`'s text names, or undefined when it names none. The rule is io's
 * `checkCsvDelimiter`, which the reader applies again; it is restated here because option parsers
 * run before anything loads, and importing io would load apache-arrow into every command.
 */
export function csvDelimiterOf(text: string): string | undefined {
  const delimiter = text === "\\t" || text === "tab" ? "\t" : text;
  return delimiter.length === 1 && delimiter !== '"' && delimiter !== "\n" && delimiter !== "\r" ? delimiter : undefined;
}
