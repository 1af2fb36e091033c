/** resultCacheKey: the same work gives the same key on any machine; any change to code, inputs or block shape gives another. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WireValue } from "../../src/bullmq/job-protocol.ts";
import { resultCacheKey } from "../../src/bullmq/result-cache-key.ts";

const address = (url: string, codeVersion?: string | null) => ({ url, exportName: "total", codeVersion: codeVersion === null ? undefined : (codeVersion ?? "v1") });
const input = (version: string): WireValue => ({ format: "v8", version, inline: "" });

describe("resultCacheKey", () => {
  it("ignores the module's path (it differs between machines) and the run", () => {
    const here = resultCacheKey({ node: "total", addresses: [address("file:///home/me/app/src/f.ts")], inputs: [input("a")] });
    const there = resultCacheKey({ node: "total", addresses: [address("file:///srv/app/src/f.ts")], inputs: [input("a")] });
    expect(here).toBeDefined();
    expect(there).toBe(here);
  });

  it("gives no key when a function has no code version, so a changed function is never mistaken for the old one", () => {
    expect(resultCacheKey({ node: "total", addresses: [address("file:///a.ts", null)], inputs: [] })).toBeUndefined();
  });

  it("changes with the node, the code version, any input's version or format, and a block's slice (property)", () => {
    const identity = fc.record({
      node: fc.constantFrom("a", "b"),
      code: fc.constantFrom("v1", "v2"),
      inputs: fc.array(fc.record({ version: fc.constantFrom("x", "y"), format: fc.constantFrom("v8" as const, "arrow-table" as const) }), { maxLength: 3 }),
      firstIndex: fc.option(fc.constantFrom(0, 3), { nil: undefined }),
    });
    fc.assert(
      fc.property(identity, identity, (one, two) => {
        const key = (job: typeof one) =>
          resultCacheKey({
            node: job.node,
            addresses: [address("file:///a.ts", job.code)],
            inputs: job.inputs.map(({ version, format }) => ({ format, version, inline: "" })),
            ...(job.firstIndex !== undefined && { block: { wiring: [[{ from: "item" }]], gathered: { from: "block", index: 0 }, firstIndex: job.firstIndex } }),
          });
        expect(key(one) === key(two)).toBe(JSON.stringify(one) === JSON.stringify(two));
      }),
    );
  });
});
