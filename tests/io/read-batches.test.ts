import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, type RecordBatch } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readArrowBatches, readParquetBatches, writeTable } from "../../src/io/index.ts";
import { FuncflowError } from "../../src/errors/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "funcflow-batches-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(batches: AsyncIterable<RecordBatch>): Promise<number[]> {
  const sizes: number[] = [];
  for await (const batch of batches) sizes.push(batch.numRows);
  return sizes;
}

const chunked = () =>
  tableFromArrays({ x: new Float64Array([1, 2, 3]) })
    .concat(tableFromArrays({ x: new Float64Array([4, 5]) }))
    .concat(tableFromArrays({ x: new Float64Array([6]) }));

describe("readArrowBatches", () => {
  it.each(["t.arrow", "t.arrows"])("readArrowBatches yields the batches of %s one by one", async (file) => {
    const path = join(dir, file);
    await writeTable(path, chunked());
    expect(await collect(readArrowBatches(path))).toEqual([3, 2, 1]);
  });

  it("readArrowBatches of a missing file throws io_failed naming the path", async () => {
    const path = join(dir, "missing.arrow");
    await expect(collect(readArrowBatches(path))).rejects.toMatchObject({ code: "io_failed", details: { path } });
  });
});

describe("readParquetBatches", () => {
  it("readParquetBatches yields batches of at most batchSize rows, never spanning row groups", async () => {
    const path = join(dir, "big.parquet");
    const table = tableFromArrays({ x: Float64Array.from({ length: 5000 }, (_, index) => index), y: new Int32Array(5000) });
    await writeTable(path, table, { parquet: { rowGroupSize: 2000 } });
    const values: number[] = [];
    const sizes: number[] = [];
    for await (const batch of readParquetBatches(path, { batchSize: 1500, columns: ["x"] })) {
      sizes.push(batch.numRows);
      expect(batch.schema.fields.map((field) => field.name)).toEqual(["x"]);
      values.push(...(batch.getChild("x")!.toArray() as Float64Array));
    }
    expect(sizes).toEqual([1500, 500, 1500, 500, 1000]);
    expect(values).toEqual(Array.from({ length: 5000 }, (_, index) => index));
  });

  it("readParquetBatches of a missing file throws io_failed naming the path", async () => {
    const path = join(dir, "missing.parquet");
    const error = await collect(readParquetBatches(path)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe("io_failed");
    expect((error as FuncflowError).details).toMatchObject({ path });
  });
});
