/**
 * bullmqExecutor's and startWorker's numeric and name settings, read by one reader: a bad one is
 * an invalid_argument naming the function and the option, before any connection is made.
 */
import { describe, expect, it } from "vitest";
import { bullmqExecutor, startWorker } from "funcflow/bullmq";
import { caught, rejection } from "../support/caught.ts";

// Nothing listens on port 1: a call that went past its checks would fail to connect instead.
const connection = "redis://127.0.0.1:1";

describe("queue settings", () => {
  it("bullmqExecutor names a whole-number setting under its floor, and a queue name with a colon", () => {
    const attempts = caught(() => bullmqExecutor({ connection, attempts: 0 }));
    expect([attempts.message, attempts.details]).toEqual(["bullmqExecutor: attempts must be a whole number of at least 1, got the number 0.", { function: "bullmqExecutor", argument: "attempts", got: "the number 0" }]);
    expect(caught(() => bullmqExecutor({ connection, lostAfterMs: 50 })).message).toBe("bullmqExecutor: lostAfterMs must be a whole number of at least 100, got the number 50.");
    expect(caught(() => bullmqExecutor({ connection, prefix: "a:b" })).message).toBe('bullmqExecutor: prefix must be a non-empty name without ":", got the string "a:b".');
  });

  it("startWorker does the same for its own settings, naming itself", async () => {
    const concurrency = await rejection(startWorker({ connection, modules: ["missing.ts"], concurrency: 1.5 }));
    expect(concurrency.message).toBe("startWorker: concurrency must be a whole number of at least 1, got the number 1.5.");
    expect((await rejection(startWorker({ connection, modules: ["missing.ts"], queue: "" }))).details).toMatchObject({ function: "startWorker", argument: "queue" });
  });
});
