/**
 * Port of Hamilton's examples/LLM_Workflows/langchain_comparison (tests/fixtures/ports/
 * langchain-comparison): the same joke chain written as a plain chain, async, batched over
 * topics (parallelizable/collect, and one topic run alone by overriding the parallelizable
 * node), streamed (a generator), with the provider as a config variant, with a fallback driver,
 * and logged. The LLM clients are local stand-ins with the real call shapes (fake_llm.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { structuredLogging, type StructuredLogger } from "funcflow/adapters";
import { calls } from "../fixtures/ports/langchain-comparison/fake_llm.ts";
import { rejection } from "../support/caught.ts";

const dir = new URL("../fixtures/ports/langchain-comparison/", import.meta.url);
const build = (module: string, config: Record<string, unknown> = {}) => new Builder().withModules(new URL(`${module}.ts`, dir)).withConfig(config).build();
const joke = (topic: string) => `Why did the ${topic} cross the road?`;

afterEach(() => {
  calls.length = 0;
});

describe("ports/LLM_Workflows/langchain_comparison", () => {
  it("hamilton_invoke: the chain's nodes, and the response for one topic", async () => {
    const dr = await build("hamilton_invoke");
    expect(dr.listNodes().map((node) => node.name)).toEqual(["llm_client", "joke_prompt", "joke_messages", "joke_response", "topic"]);
    expect(await dr.execute(["joke_response"], { inputs: { topic: "ice cream" } })).toEqual({ joke_response: joke("ice cream") });
    expect(calls).toEqual(["openai.chat gpt-3.5-turbo"]);
  });

  it("hamilton_async: the same result from an async node", async () => {
    const dr = await build("hamilton_async");
    expect(dr.node("joke_response").isAsync).toBe(true);
    expect(await dr.execute(["joke_response"], { inputs: { topic: "ice cream" } })).toEqual({ joke_response: joke("ice cream") });
  });

  it("hamilton_batch: one response per topic, in topic order", async () => {
    const dr = await build("hamilton_batch");
    const topics = ["ice cream", "spaghetti", "dumplings"];
    expect(await dr.execute(["joke_responses"], { inputs: { topics } })).toEqual({ joke_responses: topics.map(joke) });
    expect(calls).toHaveLength(3);
  });

  it("hamilton_batch: 'can still run single chain with overrides', getting just one response", async () => {
    const dr = await build("hamilton_batch");
    expect(await dr.execute(["joke_response"], { overrides: { topic: "lettuce" } })).toEqual({ joke_response: joke("lettuce") });
    expect(calls).toEqual(["openai.chat gpt-3.5-turbo"]);
    // Without the override, one response per topic has no single value.
    const error = await rejection(dr.execute(["joke_response"], { inputs: { topics: ["a", "b"] } }));
    expect(error).toMatchObject({ code: "invalid_argument", node: "joke_response" });
  });

  it("hamilton_streamed: the response is the generator itself, read chunk by chunk", async () => {
    const { joke_response } = await (await build("hamilton_streamed")).execute(["joke_response"], { inputs: { topic: "ice cream" } });
    const chunks: string[] = [];
    for (let next = (joke_response as Iterator<string>).next(); !next.done; next = (joke_response as Iterator<string>).next()) chunks.push(next.value);
    expect(chunks.join("")).toBe(joke("ice cream"));
    expect(chunks.length).toBeGreaterThan(1);
  });

  it("hamilton_anthropic: the provider config picks the client and the call", async () => {
    for (const [provider, call] of [["anthropic", "anthropic claude-2"], ["openai", "openai.completions gpt-3.5-turbo-instruct"]] as const) {
      calls.length = 0;
      const dr = await build("hamilton_anthropic", { provider });
      expect(dr.node("joke_response").condition).toBe(`provider == "${provider}"`);
      expect(await dr.execute(["joke_response"], { inputs: { topic: "ice cream" } })).toEqual({ joke_response: joke("ice cream") });
      expect(calls).toEqual([call]);
    }
  });

  it("hamilton_anthropic without a provider: config_unsatisfied naming both variants", async () => {
    const error = await rejection((await build("hamilton_anthropic")).execute(["joke_response"], { inputs: { topic: "x" } }));
    expect(error.code).toBe("config_unsatisfied");
    expect(error.message).toContain(`joke_response__openai needs provider == "openai" (config has provider=unset)`);
    expect(error.message).toContain("joke_response__anthropic");
  });

  it("hamilton_fallbacks: the anthropic driver fails as node_failed, and the openai driver answers", async () => {
    const anthropic = await build("hamilton_anthropic", { provider: "anthropic" });
    const openai = await build("hamilton_anthropic", { provider: "openai" });
    const inputs = { topic: "overloaded servers" };
    let answer: unknown;
    try {
      answer = await anthropic.execute(["joke_response"], { inputs });
    } catch (error) {
      expect(error).toBeInstanceOf(FuncflowError);
      expect(error).toMatchObject({ code: "node_failed", node: "joke_response" });
      answer = await openai.execute(["joke_response"], { inputs });
    }
    expect(answer).toEqual({ joke_response: joke("overloaded servers") });
    expect(calls).toEqual(["anthropic claude-2", "openai.completions gpt-3.5-turbo-instruct"]);
  });

  it("hamilton_logging: PrintLn as structured logging, a line as each node starts and ends", async () => {
    const lines: { level: string; message: string; node?: unknown }[] = [];
    const log = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, message, node: fields.node });
    const logger: StructuredLogger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
    const dr = await new Builder().withModules(new URL("hamilton_anthropic.ts", dir)).withConfig({ provider: "anthropic" }).withAdapters(structuredLogging({ logger })).build();
    expect(await dr.execute(["joke_response"], { inputs: { topic: "ice cream" } })).toEqual({ joke_response: joke("ice cream") });
    const nodeLines = lines.filter((line) => line.node !== undefined).map((line) => `${line.message} ${String(line.node)}`);
    for (const node of ["llm_client", "joke_prompt", "joke_response"]) {
      expect(nodeLines).toContain(`node started ${node}`);
      expect(nodeLines.some((line) => line.endsWith(` ${node}`) && !line.startsWith("node started"))).toBe(true);
    }
  });
});
