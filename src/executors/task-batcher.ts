/**
 * Groups node tasks into batches for the worker pool. Each message to a worker costs tens of
 * microseconds (post, wake the thread, reply), more than a small node's work, so tasks that are
 * ready at the same moment share messages: at most `threads × 2` batches are in flight (one
 * running and one waiting per thread, so no worker idles while the main thread prepares the
 * next), and the queue is split into batches small enough to keep the threads evenly loaded.
 */
import type { WorkerBatch, WorkerBlockTask, WorkerReply, WorkerTask } from "./worker-protocol.ts";

/** Sends one batch to a worker; resolves with one reply per task, in order. */
export type SendBatch = (batch: WorkerBatch) => Promise<readonly WorkerReply[]>;

interface Pending {
  readonly task: WorkerTask | WorkerBlockTask;
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Why a task got no reply: its batch could not be sent, or the worker running it stopped. The
 * batch's tasks fail together, and any of them may be the cause, so each failure names them all.
 */
export class LostBatch {
  readonly error: unknown;
  /** The nodes of every task in the batch (a block's collecting node for a block slice). */
  readonly nodes: readonly string[];
  constructor(error: unknown, nodes: readonly string[]) {
    this.error = error;
    this.nodes = nodes;
  }
}

/** Batches never grow past this, so one slow batch cannot hold many results back. */
const MAX_BATCH = 64;

export class TaskBatcher {
  readonly #send: SendBatch;
  readonly #resultBuffers: WorkerBatch["resultBuffers"];
  readonly #maxInFlight: number;
  readonly #splitInto: number;
  readonly #queue: Pending[] = [];
  #inFlight = 0;
  #flushQueued = false;

  constructor(send: SendBatch, threads: number, resultBuffers: WorkerBatch["resultBuffers"]) {
    this.#send = send;
    this.#resultBuffers = resultBuffers;
    this.#maxInFlight = threads * 2;
    this.#splitInto = threads * 4;
  }

  /** Queues a task; it is sent with the others queued in the same tick. Rejects with a `LostBatch`. */
  submit(task: WorkerTask | WorkerBlockTask): Promise<WorkerReply> {
    return new Promise<WorkerReply>((resolve, reject) => {
      this.#queue.push({ task, resolve, reject });
      if (!this.#flushQueued) {
        this.#flushQueued = true;
        queueMicrotask(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#flushQueued = false;
    while (this.#queue.length > 0 && this.#inFlight < this.#maxInFlight) {
      const size = Math.min(MAX_BATCH, Math.ceil(this.#queue.length / this.#splitInto));
      const batch = this.#queue.splice(0, size);
      this.#inFlight++;
      this.#send({ tasks: batch.map((pending) => pending.task), resultBuffers: this.#resultBuffers }).then(
        (replies) => {
          this.#inFlight--;
          batch.forEach((pending, i) => pending.resolve(replies[i]!));
          this.#flush();
        },
        (error: unknown) => {
          this.#inFlight--;
          const lost = new LostBatch(error, batch.map((pending) => pending.task.node));
          for (const pending of batch) pending.reject(lost);
          this.#flush();
        },
      );
    }
  }
}
