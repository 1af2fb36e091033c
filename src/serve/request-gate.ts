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
  // One promise and one timer per request, no Promise.race and no closures made per request
  // beyond the callbacks themselves: this runs on every request.
  const runLimited = <T>(work: () => Promise<T>, limitMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(rejectTimedOut, Math.max(0, limitMs), reject, options.timeoutMs);
      let working: Promise<T>;
      try {
        working = work();
      } catch (error) {
        clearTimeout(timer);
        release();
        reject(error);
        return;
      }
      working.then(
        (value) => {
          clearTimeout(timer);
          release();
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          release();
          reject(error);
        },
      );
    });
  return {
    get load() {
      return { running, waiting: waiting.length };
    },
    run<T>(work: () => Promise<T>): Promise<T> {
      if (running < options.concurrency) {
        running++;
        return runLimited(work, options.timeoutMs);
      }
      if (waiting.length >= options.queue) {
        return Promise.reject(
          new ServeRefusal(503, [{ loc: [], msg: `The server is busy (${running} running, ${waiting.length} waiting). Retry shortly.`, type: "overloaded" }]),
        );
      }
      // Time spent waiting for a slot counts against the request's limit.
      const started = performance.now();
      return new Promise<void>((resolve) => waiting.push(() => (running++, resolve()))).then(() => runLimited(work, options.timeoutMs - (performance.now() - started)));
    },
  };
}

function rejectTimedOut(reject: (error: unknown) => void, timeoutMs: number): void {
  reject(new ServeRefusal(504, [{ loc: [], msg: `The request took longer than ${timeoutMs} ms and was abandoned.`, type: "timeout" }]));
}
