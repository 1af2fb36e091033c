/**
 * The driver's connection to one queue: a Redis client for values, a BullMQ Queue to add jobs
 * and QueueEvents to hear them finish. Opening fails fast (with the URL) when Redis is
 * unreachable; once open, a connection lost for longer than `lostAfterMs` fails every job in
 * flight, so a run never hangs on a Redis that is gone.
 */
import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { FuncflowError } from "../errors/index.ts";
import type { FuncflowJob, JobReply, ValueRef } from "./job-protocol.ts";
import { parseRedisUrl } from "./redis-url.ts";
import { queueUnavailable as unavailable } from "./remote-errors.ts";
import { ValueStore } from "./value-store.ts";

export interface SessionOptions {
  readonly url: string;
  readonly queue: string;
  readonly prefix: string;
  readonly folder: string | undefined;
  readonly attempts: number;
  readonly backoff: number | { readonly type: "fixed" | "exponential"; readonly delay: number } | undefined;
  /** How long to wait for Redis at the start, and after losing it mid-run, before failing. */
  readonly lostAfterMs: number;
}

/** A job waiting for its reply. */
interface PendingJob {
  readonly runId: string;
  readonly node: string;
  resolve(reply: JobReply): void;
  reject(error: unknown): void;
}

export class QueueSession {
  readonly store: ValueStore;
  readonly #options: SessionOptions;
  readonly #redis: Redis;
  readonly #queue: Queue;
  readonly #events: QueueEvents;
  readonly #pending = new Map<string, PendingJob>();
  #lostTimer: NodeJS.Timeout | undefined;
  #lost: FuncflowError | undefined;
  /** Settles (rejects) when the connection is declared lost; every Redis wait races it. */
  readonly #lostSignal: Promise<never>;
  #signalLost: (error: FuncflowError) => void = () => {};

  private constructor(options: SessionOptions, redis: Redis, lastEventId: string) {
    this.#options = options;
    this.#redis = redis;
    const connection = { ...parseRedisUrl(options.url, "bullmqExecutor"), maxRetriesPerRequest: null };
    this.#queue = new Queue(options.queue, { connection, prefix: options.prefix });
    // Read from the stream's last entry as it was before any job of ours: QueueEvents would
    // otherwise start at "$" whenever its first XREAD happens, missing replies that came before.
    this.#events = new QueueEvents(options.queue, { connection, prefix: options.prefix, lastEventId });
    this.store = new ValueStore(redis, `${options.prefix}:${options.queue}:ff`, options.folder);
    this.#lostSignal = new Promise<never>((_, reject) => (this.#signalLost = reject));
    this.#lostSignal.catch(() => undefined);
    // Errors are reported through the watchdog; without listeners they would end the process.
    this.#queue.on("error", () => undefined);
    this.#events.on("error", () => undefined);
    this.#events.on("completed", ({ jobId, returnvalue }) => this.#settle(jobId, (pending) => pending.resolve(returnvalue as unknown as JobReply)));
    this.#events.on("failed", ({ jobId, failedReason }) => this.#settle(jobId, (pending) => pending.reject(jobFailed(pending.node, failedReason))));
    redis.on("close", () => this.#startLostTimer());
    redis.on("ready", () => {
      clearTimeout(this.#lostTimer);
      this.#lostTimer = undefined;
    });
  }

  /**
   * Connects, or fails with `queue_unavailable` naming the URL.
   * @throws FuncflowError `queue_unavailable`.
   */
  static async open(options: SessionOptions): Promise<QueueSession> {
    const redis = new Redis({ ...parseRedisUrl(options.url, "bullmqExecutor"), lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: options.lostAfterMs });
    redis.on("error", () => undefined);
    try {
      await withDeadline(redis.connect(), options.lostAfterMs, "no answer");
    } catch (error) {
      redis.disconnect();
      throw unavailable(options.url, `is unreachable: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    let lastEventId: string;
    try {
      const [last] = await withDeadline(redis.xrevrange(`${options.prefix}:${options.queue}:events`, "+", "-", "COUNT", 1), options.lostAfterMs, "no answer");
      lastEventId = last?.[0] ?? "0-0";
    } catch (error) {
      redis.disconnect();
      throw unavailable(options.url, `did not answer: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    const session = new QueueSession(options, redis, lastEventId);
    try {
      await session.guard(withDeadline(Promise.all([session.#queue.waitUntilReady(), session.#events.waitUntilReady()]), options.lostAfterMs, "no answer"));
    } catch (error) {
      await session.close();
      throw error instanceof FuncflowError ? error : unavailable(options.url, `did not accept the queue's connections: ${String(error)}`, error);
    }
    return session;
  }

  get lost(): FuncflowError | undefined {
    return this.#lost;
  }

  /** `promise`, unless the connection is declared lost first. */
  guard<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.#lostSignal]);
  }

  /**
   * Adds a job and resolves with the worker's reply; `timeoutMs` after it is queued it rejects
   * with `timeout` (and the job is removed if no worker has taken it yet).
   * @throws FuncflowError `timeout`, `worker_failed` (BullMQ failed the job), `queue_unavailable`.
   */
  async submit(job: FuncflowJob, timeoutMs: number | undefined): Promise<JobReply> {
    const jobId = randomUUID();
    const reply = new Promise<JobReply>((resolve, reject) => this.#pending.set(jobId, { runId: job.runId, node: job.node, resolve, reject }));
    // Settled also when nobody waits any more (Redis lost while the job was being added).
    reply.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline =
      timeoutMs === undefined
        ? undefined
        : new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              this.#pending.delete(jobId);
              void this.#remove(jobId);
              reject(new FuncflowError("timeout", `Node "${job.node}": its job did not finish within ${timeoutMs} ms of being queued. Start more workers, or raise bullmqExecutor's timeoutMs.`, { node: job.node, details: { timeoutMs, jobId } }));
            }, timeoutMs);
          });
    try {
      await this.guard(
        this.#queue.add(job.node, job, {
          jobId,
          attempts: this.#options.attempts,
          ...(this.#options.backoff !== undefined && { backoff: { ...(typeof this.#options.backoff === "number" ? { type: "fixed", delay: this.#options.backoff } : this.#options.backoff) } }),
          // Replies come through QueueEvents, never from the job's hash, so nothing needs to stay.
          removeOnComplete: true,
          removeOnFail: true,
        }),
      );
      return await this.guard(deadline === undefined ? reply : Promise.race([reply, deadline]));
    } finally {
      clearTimeout(timer);
      this.#pending.delete(jobId);
    }
  }

  /**
   * Ends a run. After a success, deletes the `known` values (every reply arrived, so these are
   * all). After a failure (`known` undefined): removes the run's jobs no worker has taken, waits
   * up to `graceMs` for those running, then deletes every value stored under the run's prefix.
   * Bounded: a lost Redis skips the cleanup (values expire).
   */
  async endRun(runId: string, graceMs: number, known: readonly ValueRef[] | undefined): Promise<void> {
    if (this.#lost !== undefined) return;
    if (known !== undefined) {
      await withDeadline(this.store.deleteRefs(runId, known), this.#options.lostAfterMs, "no answer").catch(() => undefined);
      return;
    }
    const running: Promise<unknown>[] = [];
    for (const [jobId, pending] of [...this.#pending]) {
      if (pending.runId !== runId) continue;
      const finished = new Promise((resolve) => {
        this.#pending.set(jobId, { ...pending, resolve: (reply) => (pending.resolve(reply), resolve(undefined)), reject: (error) => (pending.reject(error), resolve(undefined)) });
      });
      running.push(
        this.#remove(jobId).then((removed) => {
          if (!removed) return finished; // a worker runs it: its result key is deleted below once it is written
          this.#settle(jobId, (entry) => entry.reject(new FuncflowError("invalid_argument", `Node "${pending.node}": its job was removed because its run ended.`, { node: pending.node })));
          return undefined;
        }),
      );
    }
    await withDeadline(Promise.all(running), graceMs, "").catch(() => undefined);
    await withDeadline(this.store.deleteRun(runId), this.#options.lostAfterMs, "no answer").catch(() => undefined);
  }

  async close(): Promise<void> {
    clearTimeout(this.#lostTimer);
    const lost = this.#lost !== undefined;
    // Closing politely waits for Redis; with Redis gone, connections are dropped instead.
    await Promise.all([lost ? this.#queue.disconnect() : this.#queue.close(), lost ? this.#events.disconnect() : this.#events.close()].map((closing) => withDeadline(closing, 2_000, "").catch(() => undefined)));
    if (lost) this.#redis.disconnect();
    else await withDeadline(this.#redis.quit(), 2_000, "").catch(() => this.#redis.disconnect());
  }

  async #remove(jobId: string): Promise<boolean> {
    try {
      return (await withDeadline(this.#queue.remove(jobId), 2_000, "")) === 1;
    } catch {
      return false; // locked by a worker, or already gone
    }
  }

  #settle(jobId: string, action: (pending: PendingJob) => void): void {
    const pending = this.#pending.get(jobId);
    if (pending === undefined) return; // another driver's job, or one given up on
    this.#pending.delete(jobId);
    action(pending);
  }

  #startLostTimer(): void {
    if (this.#lostTimer !== undefined || this.#lost !== undefined) return;
    this.#lostTimer = setTimeout(() => {
      const error = unavailable(this.#options.url, `was lost and did not come back within ${this.#options.lostAfterMs} ms`, undefined);
      this.#lost = error;
      this.#signalLost(error);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    }, this.#options.lostAfterMs);
    this.#lostTimer.unref();
  }
}

/** BullMQ itself failed the job: its worker stalled too often (died repeatedly), or could not take it. */
function jobFailed(node: string, reason: string): FuncflowError {
  return new FuncflowError(
    "worker_failed",
    `Node "${node}": BullMQ failed its job: ${reason}. A worker that dies while running it (killed, out of memory) gets the job re-run elsewhere a limited number of times (maxStalledCount); look at the workers' logs.`,
    { node, details: { reason } },
  );
}

/** `promise`, or a rejection after `ms`. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what || `no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
