/**
 * A 0-byte file is never an empty table: every reader, for every table format, throws
 * `io_failed` naming the path (a 0-byte file is what a failed or interrupted write leaves).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readArrowBatches, readParquetBatches, readTable } from "../../src/io/index.ts";

const dir = mkdtempSync(join(tmpdir(), "funcflow-empty-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function empty(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(0));
  return path;
}

async function drain(batches: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of batches) void _;
}

describe("0-byte files", () => {
  it.each(["arrow", "arrows", "parquet", "csv", "json"])("readTable of an empty .%s is io_failed naming it", async (format) => {
    const path = empty(`empty.${format}`);
    await expect(readTable(path)).rejects.toMatchObject({ code: "io_failed", message: expect.stringContaining(path) });
    await expect(readTable(path)).rejects.toThrow("empty (0 bytes)");
  });

  it.each([
    ["readArrowBatches", "e.arrow", (path: string) => drain(readArrowBatches(path))],
    ["readArrowBatches (stream)", "e.arrows", (path: string) => drain(readArrowBatches(path))],
    ["readParquetBatches", "e.parquet", (path: string) => drain(readParquetBatches(path))],
  ])("%s of an empty file is io_failed naming it", async (_, name, read) => {
    const path = empty(name);
    await expect(read(path)).rejects.toMatchObject({ code: "io_failed", message: expect.stringContaining(path) });
  });
});
