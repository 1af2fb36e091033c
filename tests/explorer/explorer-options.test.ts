/**
 * The explorer's options are checked for their values, not only their keys: a page embeds them
 * as given, so each wrong one is an invalid_argument naming the function the user called and
 * `options.<key>`, and a name in inputs or overrides that no node has gets a "did you mean".
 */
import { describe, expect, it } from "vitest";
import { buildExplorerModel, explorerPage, RUN_RECORD_VERSION, startExplorerServer, type RunRecord } from "funcflow/explorer";
import { caught, rejection } from "../support/caught.ts";

const node = (name: string, kind: string, dependencies: string[] = []) => ({ name, kind, type: "number", dependencies: dependencies.map((dependency) => ({ name: dependency, type: "number", optional: false })), tags: {}, isAsync: false });
const nodes = [node("spend", "input"), node("region", "config"), node("spendMean", "function", ["spend"])] as never;
const run: RunRecord = { version: RUN_RECORD_VERSION, runId: "r1", startedAt: "2026-12-04T00:00:00.000Z", status: "ok", outputs: ["spendMean"], inputNames: ["spend"], overrideNames: [], modules: [], nodes: [], criticalPath: { nodes: [], durationMs: 0 }, cacheEvents: [], outputSummaries: {} };

describe("explorer options' values", () => {
  it.each([
    ["inputs", "spend", 'the names given to execute: a list such as ["spend"], or a record of values such as { spend: 100 }, got the string "spend"'],
    ["overrides", 5, "the names given to execute"],
    ["config", "eu", 'a plain object such as { region: "eu" }, the config the Builder was given, got the string "eu"'],
    ["config", new Map([["region", "eu"]]), "a plain object such as"],
    ["run", { runId: "r1" }, "a run record, as readRun(dir, runId) or runRecorder().lastRecord()?.record gives it, got an object"],
    ["run", "r1", "a run record"],
    ["title", 5, 'a string such as "Sales pipeline", got the number 5'],
    ["collapseModulesAbove", -1, "a whole number of nodes"],
    ["includeCode", "no", "true or false"],
  ])("%s: %o is refused, naming the option", async (key, value, expected) => {
    const model = caught(() => buildExplorerModel(nodes, { [key]: value } as never));
    expect([model.code, model.details?.["argument"]]).toEqual(["invalid_argument", `options.${key}`]);
    expect(model.message).toContain(`buildExplorerModel: options.${key} must be ${expected}`);
    const page = await rejection(explorerPage(nodes, { [key]: value } as never));
    expect(page.message).toMatch(new RegExp(`^explorerPage: options\\.${key} must be`));
  });

  it("inputs and overrides must name nodes: each unknown one is listed, with the nearest node", async () => {
    const listed = caught(() => buildExplorerModel(nodes, { inputs: ["spnd", "sales"] }));
    expect(listed.message).toBe('buildExplorerModel: options.inputs names no node "spnd", "sales" (did you mean "spend"?). Name nodes of the graph; driver.listNodes() lists them.');
    expect([listed.code, listed.suggestion, listed.details]).toEqual(["invalid_argument", ["spend"], { function: "buildExplorerModel", argument: "options.inputs", unknown: ["spnd", "sales"] }]);
    const record = caught(() => buildExplorerModel(nodes, { overrides: { spendMaen: 2 } }));
    expect([record.details?.["argument"], record.suggestion?.[0]]).toEqual(["options.overrides", "spendMean"]);
    const server = await rejection(startExplorerServer(nodes, { port: 0, inputs: { spnd: [1] } }));
    expect(server.message).toMatch(/^startExplorerServer: options\.inputs names no node "spnd" \(did you mean "spend"\?\)/);
  });

  it("valid values are taken as given", () => {
    const model = buildExplorerModel(nodes, { title: "Spend", inputs: { spend: [1, 2] }, overrides: ["spendMean"], config: { region: "eu", unused: 1 }, run, collapseModulesAbove: 0, includeCode: false, live: true });
    expect([model.title, model.inputs, model.overrides, model.run?.runId, model.collapseModulesAbove, model.live]).toEqual(["Spend", ["spend"], ["spendMean"], "r1", 0, true]);
    expect(model.nodes.find((entry) => entry.name === "region")?.value).toBe('"eu"');
  });

  it("a config value JSON cannot write (a bigint, a cycle) is shown as text, not a TypeError", () => {
    const client: Record<string, unknown> = { host: "db" };
    client["self"] = client;
    const valueOf = (value: unknown) => buildExplorerModel(nodes, { config: { region: value } }).nodes.find((entry) => entry.name === "region")?.value;
    expect(valueOf(10n)).toBe("10");
    expect(valueOf(client)).toBe("an object");
  });
});
