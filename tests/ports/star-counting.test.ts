/**
 * Port of Hamilton's examples/parallelism/star_counting (tests/fixtures/ports/star-counting):
 * two Parallelizable/Collect blocks in a row against the GitHub API, served here by a real HTTP
 * server on loopback with made-up repositories. The expected pages, stargazers and CSV are
 * worked out from the server's data.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/ports/star-counting/functions.ts", import.meta.url);
const KEY = "secret-token";
/** Each repository's stargazers in the order GitHub lists them, with when they starred. */
const REPOS: Record<string, [string, string][]> = {
  "org/alpha": [["ann", "2024-01-03T00:00:00Z"], ["bob", "2024-01-01T00:00:00Z"], ["cy", "2024-02-01T00:00:00Z"]],
  "org/beta": [["bob", "2023-12-24T00:00:00Z"], ["dee", "2024-03-01T00:00:00Z"]],
};
const requested: string[] = [];
let server: Server;
let base: string;
const dir = mkdtempSync(join(tmpdir(), "funcflow-ports-stars-"));

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url!, "http://localhost");
    requested.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (request.headers.authorization !== `token ${KEY}`) return send(401, { message: "Bad credentials" });
    const match = /^\/repos\/([^/]+\/[^/]+)(\/stargazers)?$/.exec(url.pathname);
    const gazers = match ? REPOS[match[1]!] : undefined;
    if (gazers === undefined) return send(404, { message: "Not Found" });
    if (match![2] === undefined) return send(200, { full_name: match![1], stargazers_count: gazers.length });
    const page = Number(url.searchParams.get("page"));
    const perPage = Number(url.searchParams.get("per_page"));
    send(200, gazers.slice((page - 1) * perPage, page * perPage).map(([login, starred_at]) => ({ user: { login }, starred_at })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const build = () => new Builder().withModules(module).build();
const inputs = (extra: Record<string, unknown> = {}) => ({ repositories: Object.keys(REPOS), github_api_key: KEY, github_api_base: base, stargazers_path: join(dir, "unique_stargazers.csv"), ...extra });

describe("ports/parallelism/star_counting", () => {
  it("has Hamilton's nodes: the two parallel blocks, save.unique_stargazers, and the per-item nodes", async () => {
    const dr = await build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring.star_count).toEqual(["starcount_url", "github_api_key"]);
    expect(dr.node("star_count").role).toBe("parallel-item");
    expect(wiring.stargazers).toEqual(["stargazer_url", "github_api_key"]);
    expect(wiring.stargazer_url).toEqual(["stars_by_repo", "per_page", "github_api_base"]);
    expect(wiring["save.unique_stargazers"]).toEqual(["unique_stargazers", "stargazers_path"]);
    expect(wiring.final_count).toEqual(["unique_stargazers"]);
  });

  it("run.py: final_count and the saved CSV, with two stargazers per page (alpha's three on two pages)", async () => {
    requested.length = 0;
    const dr = await build();
    const out = await dr.execute(["final_count", "stars_by_repo", "save.unique_stargazers"], { inputs: inputs({ per_page: 2 }) });
    expect(out.stars_by_repo).toEqual({ "org/alpha": 3, "org/beta": 2 });
    expect(out.final_count).toBe(4);
    expect(requested.filter((path) => path.includes("stargazers")).sort()).toEqual([
      "/repos/org/alpha/stargazers?page=1&per_page=2",
      "/repos/org/alpha/stargazers?page=2&per_page=2",
      "/repos/org/beta/stargazers?page=1&per_page=2",
    ]);
    // bob starred beta first: the earliest time is kept.
    const csv = readFileSync(inputs().stargazers_path, "utf8").trim().split("\n");
    expect(csv).toEqual(["user,starred_at", "ann,2024-01-03T00:00:00.000Z", "bob,2023-12-24T00:00:00.000Z", "cy,2024-02-01T00:00:00.000Z", "dee,2024-03-01T00:00:00.000Z"]);
  });

  it("per_page left out takes its default (100): one page per repository", async () => {
    requested.length = 0;
    const { final_count } = await (await build()).execute(["final_count"], { inputs: inputs() });
    expect(final_count).toBe(4);
    expect(requested.filter((path) => path.includes("stargazers")).sort()).toEqual(["/repos/org/alpha/stargazers?page=1&per_page=100", "/repos/org/beta/stargazers?page=1&per_page=100"]);
  });

  it("without github_api_key: a missing input named with both nodes that need it", async () => {
    const { github_api_key: _, ...rest } = inputs();
    const error = await rejection((await build()).execute(["final_count"], { inputs: rest }));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain("github_api_key");
    // The nodes that declare the input, not the collects their blocks were compiled into.
    expect(error.message).toContain('needed by "star_count", "stargazers"');
  });

  it("a refused key: the run fails naming star_count, with the HTTP error as the cause", async () => {
    const error = await rejection((await build()).execute(["final_count"], { inputs: inputs({ github_api_key: "wrong" }) }));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.message).toContain("star_count");
    expect(String((error.cause as Error)?.message)).toContain("401");
  });
});
