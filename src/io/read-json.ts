import { FuncflowError, requirePath } from "../errors/index.ts";
import { readFileBytes } from "./read-file-bytes.ts";

/**
 * The JSON value stored in the file at `path`.
 * @throws FuncflowError `invalid_argument` when `path` is not a non-empty string.
 * @throws FuncflowError `io_failed` naming `path` when it cannot be read or is not valid JSON.
 * @example const config = await readJson("config.json");
 */
export async function readJson(path: string): Promise<unknown> {
  requirePath("readJson", "path", path, '"config.json"');
  const text = new TextDecoder().decode(await readFileBytes(path, "readJson"));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FuncflowError(
      "io_failed",
      `readJson: "${path}" is not valid JSON (${(error as Error).message}). Fix the file or read it with the right format.`,
      { cause: error, details: { path } },
    );
  }
}
