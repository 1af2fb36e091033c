/**
 * Port of Hamilton's examples/opentelemetry and examples/LLM_Workflows/observability_openllmetry
 * (tests/fixtures/ports/opentelemetry): `Builder().with_modules(run).with_adapters(
 * h_opentelemetry.OpenTelemetryTracer()).build().execute(["universal_truth"])`, with Hamilton's
 * tracer written as a funcflow lifecycle adapter (h_opentelemetry.ts) over a recording tracer:
 * one span per run named by its run id, one per node inside it, Hamilton's attributes, status OK
 * or ERROR with the message. What each span must hold is worked out here from the Driver.
 */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { rejection } from "../support/caught.ts";
import { openTelemetryTracer } from "../fixtures/ports/opentelemetry/h_opentelemetry.ts";
import { inMemoryTracer, type FinishedSpan } from "../fixtures/ports/opentelemetry/tracing.ts";
import type { ChatClient } from "../fixtures/ports/opentelemetry/run.ts";

const MODULE = new URL("../fixtures/ports/opentelemetry/run.ts", import.meta.url);
const ANSWER = "Use display: flex with justify-content and align-items set to center.";

async function traced() {
  const tracer = inMemoryTracer();
  const dr = await new Builder().withModules(MODULE).withAdapters(openTelemetryTracer({ tracer })).build();
  return { tracer, dr };
}

const byName = (spans: readonly FinishedSpan[]) => Object.fromEntries(spans.map((span) => [span.name, span]));
const failingClient: ChatClient = { chat: { completions: { create: () => Promise.reject(new Error("429 rate limited")) } } };

describe("ports/opentelemetry", () => {
  it("run.py: universal_truth is the client's answer; the run's span holds a span per node, each ended OK", async () => {
    const { tracer, dr } = await traced();
    const { universal_truth } = await dr.execute(["universal_truth"]);
    expect(universal_truth).toBe(ANSWER);
    expect(tracer.finished.map((span) => span.name).slice(0, 2)).toEqual(["llm_client", "universal_truth"]);
    expect(tracer.finished).toHaveLength(3);
    const run = tracer.finished[2]!;
    // Named by the run id, a UUID as Hamilton's.
    expect(run.name).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.parentSpanId).toBeUndefined();
    for (const span of tracer.finished.slice(0, 2)) {
      expect(span.parentSpanId).toBe(run.spanId);
      expect(span.startOrder).toBeGreaterThan(run.startOrder);
    }
    expect(tracer.finished.map((span) => span.status)).toEqual([{ code: "OK" }, { code: "OK" }, { code: "OK" }]);
  });

  it("the run span's attributes: Hamilton's graph_version (the graph's version, as the build reported it), final_vars, inputs, overrides, execution_path", async () => {
    const tracer = inMemoryTracer();
    let built: string | undefined;
    const dr = await new Builder().withModules(MODULE).withAdapters(openTelemetryTracer({ tracer }), { name: "build-version", afterBuild: (event) => void (built = event.version) }).build();
    await dr.execute(["universal_truth"]);
    const run = tracer.finished.at(-1)!;
    expect(built).toMatch(/^[0-9a-f]{64}$/);
    expect(run.attributes).toEqual({
      graph_version: built,
      final_vars: ["universal_truth"],
      inputs: [],
      overrides: [],
      execution_path: ["llm_client", "universal_truth"],
    });
  });

  it("each node span's attributes: the declared type, the node's code version and its tags as JSON", async () => {
    const { tracer, dr } = await traced();
    await dr.execute(["universal_truth"]);
    const spans = byName(tracer.finished);
    for (const name of ["llm_client", "universal_truth"]) {
      const node = dr.node(name);
      expect(spans[name]!.attributes).toEqual({ type: node.type, node_version: node.version, tags: JSON.stringify({ module: "run" }) });
    }
    expect(spans.llm_client!.attributes.type).toBe("ChatClient");
    // An async function's node has the awaited type, as Hamilton's async driver reads `-> str`.
    expect(spans.universal_truth!.attributes.type).toBe("string");
  });

  it("a failing node: its span and the run's end with ERROR and the message; an overridden node is not run, so it has no span", async () => {
    const { tracer, dr } = await traced();
    const error = await rejection(dr.execute(["universal_truth"], { overrides: { llm_client: failingClient } }));
    expect(error.code).toBe("node_failed");
    expect(error.message).toContain("universal_truth");
    expect(tracer.finished.map((span) => span.name).slice(0, 1)).toEqual(["universal_truth"]);
    expect(tracer.finished).toHaveLength(2);
    const [node, run] = tracer.finished;
    expect(node!.status).toEqual({ code: "ERROR", message: "429 rate limited" });
    expect(run!.status?.code).toBe("ERROR");
    expect(run!.status?.message).toContain("429 rate limited");
    expect(run!.attributes.overrides).toEqual(["llm_client"]);
    expect(run!.attributes.execution_path).toEqual(["universal_truth"]);
  });

  it("two runs at once: each node span is inside its own run's span", async () => {
    const { tracer, dr } = await traced();
    await Promise.all([dr.execute(["universal_truth"]), dr.execute(["universal_truth"], { overrides: { llm_client: failingClient } }).catch(() => undefined)]);
    const runs = tracer.finished.filter((span) => span.parentSpanId === undefined);
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      const children = tracer.finished.filter((span) => span.parentSpanId === run.spanId);
      const failed = run.status?.code === "ERROR";
      expect(children.map((span) => span.name).sort()).toEqual(failed ? ["universal_truth"] : ["llm_client", "universal_truth"]);
      expect(children.every((span) => span.status?.code === (failed ? "ERROR" : "OK"))).toBe(true);
    }
  });

  it("a value for a computed node passed as an input is refused, naming overrides", async () => {
    const { dr } = await traced();
    const error = await rejection(dr.execute(["universal_truth"], { inputs: { llm_client: failingClient } }));
    expect(error.code).toBe("input_is_node");
    expect(error.message).toContain("overrides");
  });

  it("an unknown output is refused with a did-you-mean, and no span is left open", async () => {
    const { tracer, dr } = await traced();
    const error = await rejection(dr.execute(["universal_truths"]));
    expect(error.code).toBe("unknown_output");
    expect(error.message).toContain("universal_truth");
    expect(tracer.finished.every((span) => span.status !== undefined)).toBe(true);
  });
});
