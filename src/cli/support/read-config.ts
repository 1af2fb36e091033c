/**
 * Reads `--config`: a JSON file holding an object, or the object written inline
 * (`--config '{"region":"US"}'`), merged with `--set key=value` pairs.
 */
import { readFile } from "node:fs/promises";
import { FuncflowError } from "../../errors/index.ts";
import { parseLooseValue } from "./parse-options.ts";

/**
 * The config object: `source` (a `.json` path or inline JSON), then each pair (a later key wins).
 * @throws FuncflowError `invalid_argument` when the file is missing or not a JSON object.
 * @example await readConfig("config.json", [["region", "US"]]);
 */
export async function readConfig(source: string | undefined, pairs: readonly (readonly [string, string])[] = []): Promise<Record<string, unknown>> {
  const base = source === undefined ? {} : await readObject(source, "--config");
  return { ...base, ...Object.fromEntries(pairs.map(([key, value]) => [key, parseLooseValue(value)])) };
}

/** A JSON object from a file path or from inline JSON text; `example` is the option's inline form, for messages. */
export async function readObject(source: string, option: string, example = `'{"region":"US"}'`): Promise<Record<string, unknown>> {
  const inline = source.trimStart().startsWith("{");
  let text = source;
  if (!inline) {
    try {
      text = await readFile(source, "utf8");
    } catch (error) {
      throw new FuncflowError("invalid_argument", `${option} ${source}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Pass a JSON file or inline JSON such as ${example}.`, { cause: error });
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FuncflowError("invalid_argument", `${option} ${inline ? "(inline)" : source}: not valid JSON: ${(error as Error).message}.`, { cause: error });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FuncflowError("invalid_argument", `${option} ${inline ? "(inline)" : source}: expected a JSON object, e.g. ${example}.`);
  }
  return value as Record<string, unknown>;
}
