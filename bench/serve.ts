/**
 * `funcflow serve` against a hand-written fastify route calling the same functions directly, on
 * hello-world: throughput and p50/p99 latency with autocannon (servers in a child process, so the
 * load generator does not share their event loop); then one 1M-row request as JSON against Arrow IPC.
 * Run: `npx tsx bench/serve.ts` (or `npm run bench -- serve`). Writes bench/results/serve.json.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { makeVector, Table, tableFromIPC, tableToIPC } from "apache-arrow";
import Fastify from "fastify";
import { Builder } from "../src/index.ts";
import { ARROW_STREAM, serve } from "../src/serve.ts";
import { spendPerSignup } from "../examples/hello-world/transforms.ts";
import { median, printTable, round, writeResults } from "./report.ts";

/** The parts of autocannon's result used here (the package ships no types). */
interface LoadResult {
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly requests: { readonly average: number };
  readonly non2xx: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: object) => Promise<LoadResult>;

const HELLO = fileURLToPath(new URL("../examples/hello-world/transforms.ts", import.meta.url));
const BODY = { spend: [10, 10, 20, 40, 40, 50], signups: [1, 10, 50, 100, 200, 400] };

/** Child mode: both servers, their URLs on stdout, until killed. */
async function runServers(): Promise<void> {
  const driver = await new Builder().withModules(HELLO).build();
  const service = await serve(driver, { port: 0, logLevel: false, outputs: ["spendPerSignup"] });
  const baseline = Fastify({ logger: false });
  baseline.post("/spendPerSignup", async (request) => {
    const body = request.body as { spend: number[]; signups: number[] };
    const result = spendPerSignup(makeVector(Float64Array.from(body.spend)), makeVector(Float64Array.from(body.signups)));
    return Array.from(result.toArray() as Float64Array);
  });
  const baselineUrl = await baseline.listen({ host: "127.0.0.1", port: 0 });
  process.stdout.write(`${JSON.stringify({ serve: service.url, baseline: baselineUrl })}\n`);
}

async function startServers(): Promise<{ urls: { serve: string; baseline: string }; stop: () => void }> {
  const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
  const child = spawn(tsx, [fileURLToPath(import.meta.url), "--servers"], { stdio: ["ignore", "pipe", "inherit"] });
  const urls = await new Promise<{ serve: string; baseline: string }>((resolve) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(JSON.parse(text.split("\n")[0]!));
    });
  });
  return { urls, stop: () => child.kill("SIGTERM") };
}

async function load(url: string): Promise<{ p50: number; p99: number; rps: number; non2xx: number }> {
  const options = { url, method: "POST" as const, headers: { "content-type": "application/json" }, body: JSON.stringify(BODY), connections: 10, duration: 5 };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon(options);
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, non2xx: result.non2xx };
}

async function benchLatency() {
  const { urls, stop } = await startServers();
  try {
    const handWritten = await load(`${urls.baseline}/spendPerSignup`);
    const served = await load(`${urls.serve}/outputs/spendPerSignup`);
    const row = (name: string, r: typeof served) => ({ server: name, p50Ms: r.p50, p99Ms: r.p99, requestsPerSec: round(r.rps), non2xx: r.non2xx });
    return {
      rows: [row("hand-written fastify route", handWritten), row("funcflow serve /outputs/spendPerSignup", served)],
      ratio: { p50: round(served.p50 / Math.max(handWritten.p50, 1e-9)), p99: round(served.p99 / Math.max(handWritten.p99, 1e-9)), throughput: round(handWritten.rps / served.rps) },
    };
  } finally {
    stop();
  }
}

/** One 1M-row request, JSON both ways against Arrow IPC both ways, in this process (median of 3). */
async function benchWire() {
  const rows = 1_000_000;
  const spend = Float64Array.from({ length: rows }, () => Math.random() * 100);
  const signups = Float64Array.from({ length: rows }, () => 1 + Math.random() * 1000);
  const driver = await new Builder().withModules(HELLO).build();
  const service = await serve(driver, { port: 0, logLevel: false, outputs: ["spendPerSignup"], bodyLimit: 256 * 1024 * 1024 });
  const url = `${service.url}/outputs/spendPerSignup`;
  const json = JSON.stringify({ spend: Array.from(spend), signups: Array.from(signups) });
  const arrow = tableToIPC(new Table({ spend: makeVector(spend), signups: makeVector(signups) }), "stream");
  const time = async (send: () => Promise<number>) => {
    const samples: number[] = [];
    let length = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      length = await send();
      samples.push(performance.now() - started);
    }
    return { ms: median(samples), length };
  };
  try {
    const jsonResult = await time(async () => ((await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: json })).json()) as number[]).length);
    const arrowResult = await time(async () => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": ARROW_STREAM, accept: ARROW_STREAM }, body: new Blob([arrow as Uint8Array<ArrayBuffer>]) });
      return tableFromIPC(new Uint8Array(await response.arrayBuffer())).numRows;
    });
    if (jsonResult.length !== rows || arrowResult.length !== rows) throw new Error(`wrong row counts: ${jsonResult.length}, ${arrowResult.length}`);
    return {
      rows: [
        { wire: "JSON", requestMB: round(json.length / 1e6), roundTripMs: round(jsonResult.ms) },
        { wire: "Arrow IPC", requestMB: round(arrow.byteLength / 1e6), roundTripMs: round(arrowResult.ms) },
      ],
      arrowSpeedup: round(jsonResult.ms / arrowResult.ms),
    };
  } finally {
    await service.close();
  }
}

if (process.argv.includes("--servers")) {
  await runServers();
} else {
  const latency = await benchLatency();
  printTable("serve: hello-world spendPerSignup, autocannon 10 connections × 5 s (servers in a child process)", latency.rows);
  console.log(`funcflow serve / hand-written: p50 ${latency.ratio.p50}×, p99 ${latency.ratio.p99}×, throughput ${latency.ratio.throughput}× lower`);
  const wire = await benchWire();
  printTable("serve: one 1M-row request, JSON vs Arrow IPC (round trip, median of 3)", wire.rows);
  console.log(`Arrow IPC is ${wire.arrowSpeedup}× faster than JSON`);
  console.log(`wrote ${await writeResults("serve", { latency, wire })}`);
}
