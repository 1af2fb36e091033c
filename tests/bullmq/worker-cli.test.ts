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

  it("exits with module_not_found for a module that is not there", async () => {
    const result = await funcflow(["worker", "tests/bullmq/fixtures/absent.ts", "--redis", "redis://127.0.0.1:1"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("absent.ts");
  });
});
