import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { ioFailed } from "./io-failed.ts";
import { removeStaleTemporaries, temporaryPathFor } from "../files/index.ts";
import { invalidArgument, optionKeys, requireName, requireOptionalBoolean, requirePath, requireOptions } from "../errors/index.ts";

/** What {@link writeFileAtomic} writes: bytes, text, or chunks of either (sync or async). */
export type FileContent =
  | Uint8Array
  | string
  | Iterable<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>;

/** How {@link writeFileAtomic} names itself in errors, and whether it creates the folder. */
export interface WriteFileAtomicOptions {
  /** The function named in an error (default `writeFileAtomic`): what the user called. */
  readonly where?: string;
  /** Create `path`'s folder (and its parents) first (default `false`: a missing folder is `io_failed`). */
  readonly createFolder?: boolean;
}

/** The keys of WriteFileAtomicOptions, checked against the interface by the compiler. */
export const WRITE_FILE_ATOMIC_OPTION_KEYS = optionKeys<WriteFileAtomicOptions>({ where: true, createFolder: true });

/**
 * Writes `content` to `path` so that readers see either the old file or the whole new one:
 * it writes a temporary file in the same directory (same file system, so the rename is
 * atomic), flushes it, then renames it over `path`. On any failure, including a chunk iterator
 * that throws midway, the temporary file is removed and `path` is left untouched. Temporaries
 * left in the folder by killed writers are removed first (see `removeStaleTemporaries`).
 * A failed cleanup never replaces the real error (below a regular file, removing the temporary
 * fails with ENOTDIR too).
 * @throws FuncflowError `invalid_argument` for a `path` that is not a non-empty string or
 *   `content` that is not text, bytes or an iterable of them (nothing is written).
 * @throws FuncflowError `io_failed` naming `path`, with the original error as `cause` (a
 *   FuncflowError thrown by a chunk iterator is rethrown as is).
 * @example await writeFileAtomic("out/report.csv", tableToCsvChunks(table));
 * @example await writeFileAtomic("dist/graph.svg", svg, { where: "funcflow view", createFolder: true });
 */
export async function writeFileAtomic(path: string, content: FileContent, options: WriteFileAtomicOptions = {}): Promise<void> {
  requireOptions("writeFileAtomic", "options", options, WRITE_FILE_ATOMIC_OPTION_KEYS, '{ createFolder: true }');
  const { where = "writeFileAtomic", createFolder = false } = options;
  // A truthy string ("no") would otherwise create folders.
  requireOptionalBoolean("writeFileAtomic", "options.createFolder", options.createFolder);
  requireName("writeFileAtomic", "options.where", where, '"funcflow view" (the caller, for messages)');
  requirePath(where, "path", path, '"out/report.csv"');
  if (!isFileContent(content)) throw invalidArgument(where, "content", content, "a string, a Uint8Array, or an (async) iterable of them");
  const temporary = temporaryPathFor(path);
  await removeStaleTemporaries(path);
  try {
    if (createFolder) await mkdir(dirname(path), { recursive: true });
    const handle = await open(temporary, "wx");
    try {
      // writeFile writes the whole chunk at the current position (write() may write part of it).
      for await (const chunk of chunksOf(content)) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw ioFailed(where, "writing", path, error);
  }
}

function isFileContent(content: unknown): content is FileContent {
  if (typeof content === "string" || content instanceof Uint8Array) return true;
  // An array is checked whole here; other iterables are read lazily, and a bad chunk is io_failed.
  if (Array.isArray(content)) return content.every((chunk) => typeof chunk === "string" || chunk instanceof Uint8Array);
  return typeof content === "object" && content !== null && (Symbol.iterator in content || Symbol.asyncIterator in content);
}

async function* chunksOf(content: FileContent): AsyncIterable<Uint8Array | string> {
  if (typeof content === "string" || content instanceof Uint8Array) {
    yield content;
    return;
  }
  yield* content;
}
