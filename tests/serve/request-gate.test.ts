/**
 * The request gate on its own: one timer serves every request's deadline, so these check that a
 * deadline is kept whatever ran before it, that answered requests never time out later, and that
 * a timed-out request holds its slot until its work really ends.
 */
import { describe, expect, it } from "vitest";
import { createRequestGate } from "../../src/serve/request-gate.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const after = <T>(ms: number, value: T) => sleep(ms).then(() => value);
const statusOf = (error: unknown) => (error as { status?: number }).status;

describe("request gate", () => {
  it("answers work that ends in time, and 504s work that does not, each at its own deadline", async () => {
    const gate = createRequestGate({ concurrency: 4, queue: 4, timeoutMs: 120 });
    const started = performance.now();
    const quick = gate.run(() => after(5, "quick"));
    const slow = gate.run(() => after(400, "slow"));
    await sleep(50);
    const later = gate.run(() => after(400, "later"));
    expect(await quick).toBe("quick");
    const slowError = await slow.catch((error: unknown) => error);
    expect(statusOf(slowError)).toBe(504);
    expect(performance.now() - started).toBeLessThan(300);
    const laterError = await later.catch((error: unknown) => error);
    expect(statusOf(laterError)).toBe(504);
    // The later request started 50 ms after the first ones, so its deadline is that much later.
    expect(performance.now() - started).toBeGreaterThanOrEqual(165);
  });

  it("never times out a request already answered, however many ran before the timer fired", async () => {
    const gate = createRequestGate({ concurrency: 1, queue: 0, timeoutMs: 30 });
    for (let i = 0; i < 200; i++) expect(await gate.run(() => Promise.resolve(i))).toBe(i);
    await sleep(60);
    expect(await gate.run(() => after(10, "fine"))).toBe("fine");
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("keeps a timed-out request's slot until its work ends, and counts time in the queue against the limit", async () => {
    const gate = createRequestGate({ concurrency: 1, queue: 1, timeoutMs: 80 });
    const stuck = gate.run(() => after(200, "stuck"));
    const queued = gate.run(() => after(1, "queued"));
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    expect(statusOf(await stuck.catch((error: unknown) => error))).toBe(504);
    // The 504 went out, but the work still runs: the slot is held, the queued request still waits.
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    const refused = await gate.run(() => after(1, "refused")).catch((error: unknown) => error);
    expect(statusOf(refused)).toBe(503);
    // The queued request waited past its own deadline: it is answered 504 once it gets the slot.
    expect(statusOf(await queued.catch((error: unknown) => error))).toBe(504);
    await sleep(5);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("passes a work's own failure through, thrown or rejected, and frees the slot", async () => {
    const gate = createRequestGate({ concurrency: 1, queue: 0, timeoutMs: 1_000 });
    await expect(
      gate.run(() => {
        throw new Error("thrown");
      }),
    ).rejects.toThrow("thrown");
    await expect(gate.run(() => Promise.reject(new Error("rejected")))).rejects.toThrow("rejected");
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("runNow returns a sync value as it is, limits and times a promise as run does, and queues when no slot is free", async () => {
    const gate = createRequestGate({ concurrency: 1, queue: 1, timeoutMs: 60 });
    expect(gate.runNow(() => 42)).toBe(42);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    expect(() =>
      gate.runNow(() => {
        throw new Error("sync failure");
      }),
    ).toThrow("sync failure");
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    // The slow work ends when the test says so: a timer would race the checks below on a loaded machine.
    let finishSlowWork!: (value: string) => void;
    const slowWork = new Promise<string>((resolve) => (finishSlowWork = resolve));
    const slow = gate.runNow(() => slowWork) as Promise<string>;
    expect(slow).toBeInstanceOf(Promise);
    // The slot is taken: a sync work now waits its turn, so it comes back as a promise.
    const queued = gate.runNow(() => "queued");
    expect(queued).toBeInstanceOf(Promise);
    let answered = false;
    void Promise.resolve(queued).then(() => (answered = true));
    expect(statusOf(await slow.catch((error: unknown) => error))).toBe(504);
    // 504 sent for the slow request, but its work still holds the slot: the queued work has not run.
    await sleep(20);
    expect(answered).toBe(false);
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    // Once the slow work ends, the queued work runs; being sync, it completes as it starts, so it
    // is answered even though it waited past its deadline (nothing could interrupt it anyway).
    finishSlowWork("slow");
    expect(await queued).toBe("queued");
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
