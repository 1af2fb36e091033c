/** Reading what a batch reader yields, for the io tests. */
import type { RecordBatch } from "apache-arrow";

/** Every batch, in order. */
export async function collectBatches(batches: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const all: RecordBatch[] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

/** One column's values across the batches (nulls included). */
export const columnValues = (batches: readonly RecordBatch[], name: string): unknown[] => batches.flatMap((batch) => Array.from(batch.getChild(name)! as Iterable<unknown>));
