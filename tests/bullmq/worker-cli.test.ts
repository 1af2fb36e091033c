/** `funcflow worker` on the command line: its usage, and a clear failure when Redis is not there. */
import { describe, expect, it } from "vitest";
import { funcflow } from "../cli/support/run-cli.ts";
import { freePort } from "./support/redis-server.ts";

describe("funcflow worker", () => {
  it("needs --redis, and says so", async () => {
    const result = await funcflow(["worker", "tests/bullmq/fixtures/remote-nodes.ts"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("required option '--redis <url>' not specified");
  });

  it("exits with an error naming the URL when nothing listens there", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const result = await funcflow(["worker", "tests/bullmq/fixtures/remote-nodes.ts", "--redis", url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`startWorker: Redis at ${url} is unreachable`);
  });

  it("batch and serve refuse a --redis that is not a Redis URL as a usage error, and serve refuses --redis for module files", async () => {
    const { main } = await import("../../src/cli/index.ts");
    const errors: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await main(["node", "funcflow", "batch", "x", "--inputs", "in.csv", "--out", "out.csv", "--redis", "127.0.0.1:6379"])).toBe(2);
      expect(await main(["node", "funcflow", "serve", "tests/bullmq/fixtures/remote-nodes.ts", "--redis", "redis://127.0.0.1:1"])).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join("")).toContain("option '--redis <url>' argument '127.0.0.1:6379' is invalid. not a Redis URL");
    expect(errors.join("")).toContain("funcflow serve: --redis runs an envelope's nodes on workers started from that envelope");
  });

  it("exits with module_not_found for a module that is not there", async () => {
    const result = await funcflow(["worker", "tests/bullmq/fixtures/absent.ts", "--redis", "redis://127.0.0.1:1"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("absent.ts");
  });
});
