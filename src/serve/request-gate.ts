/**
 * A concurrency limit with a bounded queue, and a per-request time limit. A sync node cannot be
 * interrupted, so a timed-out request's nodes may still finish in the background; the client gets
 * its 504 at once, and the slot is kept until the work really ends so the limit stays true.
 */
import { ServeRefusal } from "./error-response.ts";

/** How much work runs at once and how long a request may take. */
export interface GateOptions {
  /** Requests computing at once; more wait in the queue. */
  readonly concurrency: number;
  /** Requests waiting for a slot; beyond this, 503. */
  readonly queue: number;
  /** Milliseconds from the request's start to a 504. */
  readonly timeoutMs: number;
}

/** Runs work under the limit and the timeout. */
export interface RequestGate {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Requests computing now and waiting now. */
  readonly load: { readonly running: number; readonly waiting: number };
}

/**
 * A gate with `options`.
 * @example const gate = createRequestGate({ concurrency: 8, queue: 64, timeoutMs: 30_000 });
 */
export function createRequestGate(options: GateOptions): RequestGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };
  const acquire = (): Promise<void> => {
    if (running < options.concurrency) {
      running++;
      return Promise.resolve();
    }
    if (waiting.length >= options.queue) {
      return Promise.reject(
        new ServeRefusal(503, [{ loc: [], msg: `The server is busy (${running} running, ${waiting.length} waiting). Retry shortly.`, type: "overloaded" }]),
      );
    }
    return new Promise((resolve) => waiting.push(() => (running++, resolve())));
  };
  return {
    get load() {
      return { running, waiting: waiting.length };
    },
    async run<T>(work: () => Promise<T>): Promise<T> {
      const started = performance.now();
      await acquire();
      const remaining = options.timeoutMs - (performance.now() - started);
      const working = Promise.resolve().then(work);
      void working.then(release, release);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ServeRefusal(504, [{ loc: [], msg: `The request took longer than ${options.timeoutMs} ms and was abandoned.`, type: "timeout" }])),
          Math.max(0, remaining),
        );
      });
      try {
        return await Promise.race([working, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
