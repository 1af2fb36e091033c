import { describe, expect, it } from "vitest";
import { LostBatch, TaskBatcher } from "../../src/executors/task-batcher.ts";
import type { WorkerBatch, WorkerReply, WorkerTask } from "../../src/executors/worker-protocol.ts";

const task = (node: string): WorkerTask => ({ url: "file:///m.js", exportName: node, node, args: [] });

/** A fake pool: records each batch and answers when told to. */
function fakePool() {
  const sent: { batch: WorkerBatch; answer: () => void; fail: (error: unknown) => void }[] = [];
  const send = (batch: WorkerBatch) =>
    new Promise<readonly WorkerReply[]>((resolve, reject) => {
      sent.push({
        batch,
        answer: () => resolve(batch.tasks.map((t) => ({ ok: true, result: { kind: "plain", value: t.node } }))),
        fail: reject,
      });
    });
  return { sent, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("TaskBatcher", () => {
  it("sends tasks queued in one tick together, split so every thread gets work, at most threads × 2 batches at once", async () => {
    const { sent, send } = fakePool();
    const batcher = new TaskBatcher(send, 2, "transfer");
    const replies = Array.from({ length: 40 }, (_, i) => batcher.submit(task(`n${i}`)));
    await tick();
    expect(sent.map((entry) => entry.batch.tasks.length)).toEqual([5, 5, 4, 4]); // 40/8, then 35/8, 30/8, 26/8
    sent[0]!.answer();
    await tick();
    expect(sent).toHaveLength(5);
    expect(sent[4]!.batch.tasks.map((t) => t.node)).toEqual(["n18", "n19", "n20"]);
    sent.slice(1).forEach((entry) => entry.answer());
    for (let i = 0; i < 10 && sent.length < 20; i++) {
      await tick();
      sent.forEach((entry) => entry.answer());
    }
    const values = await Promise.all(replies);
    expect(values.map((reply) => (reply.ok ? (reply.result as { value: string }).value : "failed"))).toEqual(Array.from({ length: 40 }, (_, i) => `n${i}`));
  });

  it("sends a lone task at once, in a batch of one", async () => {
    const { sent, send } = fakePool();
    const batcher = new TaskBatcher(send, 4, "share");
    const reply = batcher.submit(task("only"));
    await tick();
    expect(sent.map((entry) => entry.batch)).toEqual([{ tasks: [task("only")], resultBuffers: "share" }]);
    sent[0]!.answer();
    expect(await reply).toEqual({ ok: true, result: { kind: "plain", value: "only" } });
  });

  it("rejects every task of a batch the pool fails to run, and goes on with the next", async () => {
    const { sent, send } = fakePool();
    const batcher = new TaskBatcher(send, 1, "transfer");
    const first = [batcher.submit(task("a")), batcher.submit(task("b")), batcher.submit(task("c"))];
    await tick();
    expect(sent.map((entry) => entry.batch.tasks.length)).toEqual([1, 1]);
    const crash = new Error("worker died");
    sent[0]!.fail(crash);
    await expect(first[0]).rejects.toEqual(new LostBatch(crash, ["a"]));
    await tick();
    sent.slice(1).forEach((entry) => entry.answer());
    await tick();
    sent.slice(1).forEach((entry) => entry.answer());
    expect(await first[2]).toMatchObject({ ok: true });
  });

  it("rejects each task of a lost batch with every node of the batch, since any of them may have stopped the worker", async () => {
    const { sent, send } = fakePool();
    const batcher = new TaskBatcher(send, 1, "transfer");
    const replies = ["a", "b", "c", "d", "e"].map((node) => batcher.submit(task(node)));
    await tick();
    expect(sent[0]!.batch.tasks.map((t) => t.node)).toEqual(["a", "b"]);
    const crash = new Error("worker exited with code: 1");
    sent[0]!.fail(crash);
    await expect(replies[0]).rejects.toEqual(new LostBatch(crash, ["a", "b"]));
    await expect(replies[1]).rejects.toEqual(new LostBatch(crash, ["a", "b"]));
  });
});
