/**
 * A Redis URL's password never reaches an error message: not when the URL is refused (another
 * scheme, no host, a bad database) and not when the string is not a URL at all.
 */
import { describe, expect, it } from "vitest";
import { FuncflowError } from "funcflow";
import { bullmqExecutor } from "funcflow/bullmq";

const SECRET = "s3cr3t-Pa55";

const refused = [
  `http://worker:${SECRET}@127.0.0.1:6379`,
  `redis://worker:${SECRET}@127.0.0.1:6379/not-a-db`,
  `redis//worker:${SECRET}@127.0.0.1:6379`,
  `worker:${SECRET}@127.0.0.1:6379`,
];

describe("bullmqExecutor({ connection }) keeps a refused URL's password out of the error", () => {
  it.each(refused)("%s", (connection) => {
    let caught: unknown;
    try {
      bullmqExecutor({ connection });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FuncflowError);
    const error = caught as FuncflowError;
    expect(error.code).toBe("invalid_argument");
    expect(error.message).not.toContain(SECRET);
    expect(JSON.stringify(error.details ?? {})).not.toContain(SECRET);
    expect(error.message).toContain("***");
  });
});

describe("bullmqExecutor({ connection }) quotes a refused URL with no password as given", () => {
  // The redaction used to cut from the scheme's ':' to the '@', printing "http:***@127.0.0.1:6379".
  it.each([`http://worker@127.0.0.1:6379`, `redis://worker@127.0.0.1:6379/not-a-db`])("%s", (connection) => {
    expect(() => bullmqExecutor({ connection })).toThrow(connection);
  });
});
