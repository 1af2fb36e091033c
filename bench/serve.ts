/**
 * `funcflow serve` against hand-written fastify routes calling the same functions directly, on
 * hello-world `spendPerSignup`. Servers run in a child process, so the load generator does not
 * share their event loop.
 *   1. Latency: one keep-alive connection, requests back to back, each timed with hrtime (sub-ms;
 *      autocannon's histogram counts whole milliseconds), servers alternating in rounds.
 *   2. Throughput: autocannon, 10 connections, servers alternating in rounds.
 *   3. One 1M-row request, JSON against Arrow IPC: end to end (a client over loopback) and the
 *      server process's CPU time per request, separately.
 * Run: `npx tsx bench/serve.ts` (or `npm run bench -- serve`). Writes bench/results/serve.json.
 * `SERVE_BENCH_ROUNDS=n` sets the rounds (default 8); `SERVE_BENCH_ONLY=latency` or `wire` runs one part.
 */
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
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
  readonly requests: { readonly average: number };
  readonly non2xx: number;
  readonly errors: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: object) => Promise<LoadResult>;

const HELLO = fileURLToPath(new URL("../examples/hello-world/transforms.ts", import.meta.url));
const BODY = JSON.stringify({ spend: [10, 10, 20, 40, 40, 50], signups: [1, 10, 50, 100, 200, 400] });
const ROUNDS = Number(process.env.SERVE_BENCH_ROUNDS ?? 8);
const WIRE_ROWS = 1_000_000;

type ServerName = "handWritten" | "handWrittenWithSchema" | "funcflow";
type Urls = Record<ServerName, string>;

/**
 * The hand-written routes: the same function, with and without a fastify JSON schema for the body.
 * The first also answers `GET /cpu` with the child process's CPU time, for server-side figures.
 */
async function handWrittenServer(withSchema: boolean): Promise<string> {
  const app = Fastify({ logger: false });
  if (!withSchema) app.get("/cpu", async () => process.cpuUsage());
  const column = { type: "array", items: { type: "number" } };
  const schema = withSchema ? { body: { type: "object", properties: { spend: column, signups: column }, required: ["spend", "signups"], additionalProperties: false } } : {};
  app.post("/spendPerSignup", { schema }, async (req) => {
    const body = req.body as { spend: number[]; signups: number[] };
    const result = spendPerSignup(makeVector(Float64Array.from(body.spend)), makeVector(Float64Array.from(body.signups)));
    return Array.from(result.toArray() as Float64Array);
  });
  return app.listen({ host: "127.0.0.1", port: 0 });
}

/** Child mode: the servers, their URLs on stdout, until killed. */
async function runServers(): Promise<void> {
  const driver = await new Builder().withModules(HELLO).build();
  const service = await serve(driver, { port: 0, logLevel: false, outputs: ["spendPerSignup"], bodyLimit: 256 * 1024 * 1024 });
  const urls: Urls = {
    handWritten: `${await handWrittenServer(false)}/spendPerSignup`,
    handWrittenWithSchema: `${await handWrittenServer(true)}/spendPerSignup`,
    funcflow: `${service.url}/outputs/spendPerSignup`,
  };
  process.on("SIGTERM", () => process.exit(0)); // exit, so a --cpu-prof run writes its profile
  process.stdout.write(`${JSON.stringify(urls)}\n`);
}

async function startServers(): Promise<{ urls: Urls; stop: () => void }> {
  const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
  const child = spawn(tsx, [fileURLToPath(import.meta.url), "--servers"], { stdio: ["ignore", "pipe", "inherit"] });
  const urls = await new Promise<Urls>((resolve) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(JSON.parse(text.split("\n")[0]!) as Urls);
    });
  });
  return { urls, stop: () => child.kill("SIGTERM") };
}

/** POSTs `body` on a keep-alive agent; resolves with the status and the reply's bytes. */
function send(agent: Agent, url: string, body: string | Uint8Array, headers: Record<string, string>): Promise<{ status: number; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The servers' process CPU time in ms (user + system), from the hand-written server's GET /cpu. */
async function serverCpuMs(urls: Urls): Promise<number> {
  const { user, system } = (await (await fetch(urls.handWritten.replace(/\/spendPerSignup$/, "/cpu"))).json()) as { user: number; system: number };
  return (user + system) / 1000;
}

/**
 * Sequential requests on one connection, each timed with hrtime; servers take turns per round.
 * Also the server process's CPU time per request, per server (less disturbed by other load).
 */
async function benchLatency(urls: Urls, names: readonly ServerName[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const perRound = 400;
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<ServerName, number[]>;
  const cpuPerRequest = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<ServerName, number[]>;
  const headers = { "content-type": "application/json" };
  for (const name of names) for (let i = 0; i < 300; i++) await send(agent, urls[name], BODY, headers); // warm-up
  for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
    for (const name of roundIndex % 2 === 0 ? names : [...names].reverse()) {
      const cpuBefore = await serverCpuMs(urls);
      for (let i = 0; i < perRound; i++) {
        const started = process.hrtime.bigint();
        const { status } = await send(agent, urls[name], BODY, headers);
        samples[name].push(Number(process.hrtime.bigint() - started) / 1e6);
        if (status !== 200) throw new Error(`${name}: status ${status}`);
      }
      cpuPerRequest[name].push((((await serverCpuMs(urls)) - cpuBefore) * 1000) / perRound);
    }
  }
  agent.destroy();
  const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)]!;
  return Object.fromEntries(
    names.map((name) => [name, { p50Ms: percentile(samples[name], 0.5), p99Ms: percentile(samples[name], 0.99), cpuUsPerRequest: median(cpuPerRequest[name]) }]),
  ) as Record<ServerName, { p50Ms: number; p99Ms: number; cpuUsPerRequest: number }>;
}

/** autocannon, 10 connections, 3 s per server per round; the median of the rounds' averages. */
async function benchThroughput(urls: Urls, names: readonly ServerName[]) {
  const rounds = Math.max(2, Math.ceil(ROUNDS / 3));
  const rps = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<ServerName, number[]>;
  for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
    for (const name of roundIndex % 2 === 0 ? names : [...names].reverse()) {
      const result = await autocannon({ url: urls[name], method: "POST", headers: { "content-type": "application/json" }, body: BODY, connections: 10, duration: 3 });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx replies, ${result.errors} errors`);
      rps[name].push(result.requests.average);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(rps[name])])) as Record<ServerName, number>;
}

/**
 * The 1M-row request both ways, end to end over loopback (a client sending the bytes and decoding
 * the reply), with the server process's CPU time for each request (user + system, from its own
 * `process.cpuUsage()`, read just before and after): what the format costs the server.
 */
async function benchWire(url: string, cpuUrl: string) {
  const spend = Float64Array.from({ length: WIRE_ROWS }, () => Math.random() * 100);
  const signups = Float64Array.from({ length: WIRE_ROWS }, () => 1 + Math.random() * 1000);
  const json = JSON.stringify({ spend: Array.from(spend), signups: Array.from(signups) });
  const arrow = tableToIPC(new Table({ spend: makeVector(spend), signups: makeVector(signups) }), "stream");
  const jsonHeaders = { "content-type": "application/json" };
  const arrowHeaders = { "content-type": ARROW_STREAM, accept: ARROW_STREAM };
  const rowsOfJson = (bytes: Buffer | string) => (JSON.parse(bytes.toString()) as number[]).length;
  const rowsOfArrow = (bytes: Uint8Array) => tableFromIPC(bytes).numRows;

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const cpuMs = async () => {
    const { user, system } = (await (await fetch(cpuUrl)).json()) as { user: number; system: number };
    return (user + system) / 1000;
  };
  const measure = async (run: () => Promise<number>) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    await run(); // warm-up
    for (let i = 0; i < 5; i++) {
      const cpuBefore = await cpuMs();
      const started = performance.now();
      const rows = await run();
      wall.push(performance.now() - started);
      cpu.push((await cpuMs()) - cpuBefore);
      if (rows !== WIRE_ROWS) throw new Error(`expected ${WIRE_ROWS} rows, got ${rows}`);
    }
    return { endToEnd: median(wall), serverCpu: median(cpu) };
  };
  const jsonBytes = Buffer.from(json);
  const viaJson = await measure(async () => rowsOfJson((await send(agent, url, jsonBytes, jsonHeaders)).bytes));
  const viaArrow = await measure(async () => rowsOfArrow((await send(agent, url, arrow, arrowHeaders)).bytes));
  agent.destroy();
  const serverJson = viaJson.serverCpu;
  const serverArrow = viaArrow.serverCpu;
  const endJson = viaJson.endToEnd;
  const endArrow = viaArrow.endToEnd;
  return {
    rows: [
      { wire: "JSON", requestMB: round(json.length / 1e6), serverCpuMs: round(serverJson), endToEndMs: round(endJson) },
      { wire: "Arrow IPC", requestMB: round(arrow.byteLength / 1e6), serverCpuMs: round(serverArrow), endToEndMs: round(endArrow) },
    ],
    arrowSpeedup: { serverSide: round(serverJson / serverArrow), endToEnd: round(endJson / endArrow) },
  };
}

if (process.argv.includes("--servers")) {
  await runServers();
} else {
  const names: ServerName[] = ["handWritten", "handWrittenWithSchema", "funcflow"];
  const { urls, stop } = await startServers();
  let latency: Awaited<ReturnType<typeof benchLatency>>;
  let throughput: Awaited<ReturnType<typeof benchThroughput>>;
  let wire: Awaited<ReturnType<typeof benchWire>>;
  try {
    if (process.env.SERVE_BENCH_ONLY === "wire") {
      const only = await benchWire(urls.funcflow, urls.handWritten.replace(/\/spendPerSignup$/, "/cpu"));
      console.table(only.rows);
      console.log(only.arrowSpeedup);
      stop();
      process.exit(0);
    }
    latency = await benchLatency(urls, names);
    if (process.env.SERVE_BENCH_ONLY === "latency") {
      const ratio = round(latency.funcflow.p50Ms / latency.handWritten.p50Ms);
      console.table(names.map((name) => ({ server: name, p50Ms: round(latency[name].p50Ms), p99Ms: round(latency[name].p99Ms), cpuUs: round(latency[name].cpuUsPerRequest) })));
      console.log(`p50 ratio ${ratio}×, server CPU ratio ${round(latency.funcflow.cpuUsPerRequest / latency.handWritten.cpuUsPerRequest)}×`);
      stop();
      process.exit(0);
    }
    throughput = await benchThroughput(urls, names);
    wire = await benchWire(urls.funcflow, urls.handWritten.replace(/\/spendPerSignup$/, "/cpu"));
  } finally {
    stop();
  }
  const labels: Record<ServerName, string> = {
    handWritten: "hand-written fastify route",
    handWrittenWithSchema: "hand-written route + fastify body schema",
    funcflow: "funcflow serve /outputs/spendPerSignup",
  };
  const rows = names.map((name) => ({
    server: labels[name],
    p50Ms: round(latency[name].p50Ms),
    p99Ms: round(latency[name].p99Ms),
    serverCpuUsPerRequest: round(latency[name].cpuUsPerRequest),
    requestsPerSec: Math.round(throughput[name]),
  }));
  const ratio = {
    p50: round(latency.funcflow.p50Ms / latency.handWritten.p50Ms),
    serverCpu: round(latency.funcflow.cpuUsPerRequest / latency.handWritten.cpuUsPerRequest),
    p99: round(latency.funcflow.p99Ms / latency.handWritten.p99Ms),
    throughputLower: round(throughput.handWritten / throughput.funcflow),
  };
  printTable(`serve: hello-world spendPerSignup — latency on one keep-alive connection (hrtime, ${ROUNDS} alternating rounds of 400), throughput with autocannon 10 connections`, rows);
  console.log(`funcflow serve / hand-written: p50 ${ratio.p50}×, p99 ${ratio.p99}×, server CPU per request ${ratio.serverCpu}×, throughput ${ratio.throughputLower}× lower`);
  printTable(`serve: one ${WIRE_ROWS.toLocaleString("en")}-row request, JSON vs Arrow IPC (median of 5)`, wire.rows);
  console.log(`Arrow IPC is ${wire.arrowSpeedup.serverSide}× cheaper than JSON in server CPU, ${wire.arrowSpeedup.endToEnd}× faster end to end`);
  console.log(`wrote ${await writeResults("serve", { latency: { rows, ratio }, wire })}`);
}
