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
  /**
   * As `run`, for work that may finish synchronously: with a slot free, the work is called at once,
   * and a value it returns is returned as it is (sync work holds the event loop, so nothing else
   * computes meanwhile, and no timer could interrupt it); a promise it returns is limited and timed
   * as `run` does. With no slot free, the work waits its turn as with `run`.
   */
  runNow<T>(work: () => T | Promise<T>): T | Promise<T>;
  /** Requests computing now and waiting now. */
  readonly load: { readonly running: number; readonly waiting: number };
}

/** One request computing: its deadline, and how to fail it when the deadline passes first. */
interface Flight {
  readonly deadline: number;
  readonly reject: (error: unknown) => void;
  /** Answered (by its work or by the timeout): the deadline no longer matters. */
  done: boolean;
}

/**
 * A gate with `options`.
 * @example const gate = createRequestGate({ concurrency: 8, queue: 64, timeoutMs: 30_000 });
 */
export function createRequestGate(options: GateOptions): RequestGate {
  const { timeoutMs } = options;
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };
  // One timer for all requests, not one per request: every request gets the same limit from its
  // start, and requests enter `flights` in the order they started (the queue is first come, first
  // served), so deadlines are in order and the timer only needs the first unanswered one.
  const flights: Flight[] = [];
  let first = 0;
  let timer: NodeJS.Timeout | undefined;
  const dropAnswered = (): void => {
    while (first < flights.length && flights[first]!.done) first++;
    if (first === flights.length) {
      flights.length = 0;
      first = 0;
    } else if (first > 1024 && first * 2 > flights.length) {
      flights.splice(0, first);
      first = 0;
    }
  };
  const arm = (): void => {
    if (timer !== undefined || first === flights.length) return;
    // Unreferenced: a request in flight keeps the process alive by its socket; the timer must not
    // hold a closed server's process open after the last request (it is not cleared per request).
    timer = setTimeout(expire, Math.max(0, flights[first]!.deadline - performance.now())).unref();
  };
  const expire = (): void => {
    timer = undefined;
    const now = performance.now();
    for (; first < flights.length; first++) {
      const flight = flights[first]!;
      if (flight.done) continue;
      if (flight.deadline > now) break;
      flight.done = true;
      flight.reject(new ServeRefusal(504, [{ loc: [], msg: `The request took longer than ${timeoutMs} ms and was abandoned.`, type: "timeout" }]));
    }
    dropAnswered();
    arm();
  };
  /**
   * `work` under the deadline `started + timeoutMs`, holding a slot already taken; frees it when the
   * work settles. The deadline is armed before the work starts: a request that waited past its
   * deadline is answered 504 before any of its work's own timers.
   */
  const limit = <T>(work: () => Promise<T>, started: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const flight: Flight = { deadline: started + timeoutMs, reject, done: false };
      flights.push(flight);
      arm();
      const settle = (): boolean => {
        release();
        if (flight.done) return false;
        flight.done = true;
        dropAnswered();
        return true;
      };
      let working: Promise<T>;
      try {
        working = work();
      } catch (error) {
        if (settle()) reject(error);
        return;
      }
      working.then(
        (value) => {
          if (settle()) resolve(value);
        },
        (error: unknown) => {
          if (settle()) reject(error);
        },
      );
    });
  return {
    get load() {
      return { running, waiting: waiting.length };
    },
    runNow<T>(work: () => T | Promise<T>): T | Promise<T> {
      if (running >= options.concurrency) return this.run(() => Promise.resolve().then(work));
      const started = performance.now();
      running++;
      let result: T | Promise<T>;
      try {
        result = work();
      } catch (error) {
        release();
        throw error;
      }
      if (!(result instanceof Promise)) {
        release();
        return result;
      }
      const working = result;
      return limit(() => working, started);
    },
    run<T>(work: () => Promise<T>): Promise<T> {
      // Time spent waiting for a slot counts against the request's limit.
      const started = performance.now();
      if (running < options.concurrency) {
        running++;
        return limit(work, started);
      }
      if (waiting.length >= options.queue) {
        return Promise.reject(
          new ServeRefusal(503, [{ loc: [], msg: `The server is busy (${running} running, ${waiting.length} waiting). Retry shortly.`, type: "overloaded" }]),
        );
      }
      return new Promise<void>((resolve) => waiting.push(() => (running++, resolve()))).then(() => limit(work, started));
    },
  };
}
