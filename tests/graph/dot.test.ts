import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { quote } from "../../src/graph/dot/escape.ts";
import { syntheticModule, type SyntheticNode } from "../support/synthetic-module.ts";
import { caught } from "../support/caught.ts";

let graphviz: Awaited<ReturnType<typeof Graphviz.load>>;
beforeAll(async () => {
  graphviz = await Graphviz.load();
});

const render = (dot: string) => graphviz.layout(dot, "svg", "dot");

const variants = await new Builder()
  .withModules(new URL("../fixtures/modules/variants.ts", import.meta.url), new URL("../fixtures/modules/basic.ts", import.meta.url))
  .withConfig({ region: "US", language: "en" })
  .withManifestCache(false)
  .build();

describe("driver.toDot", () => {
  it("draws the whole graph in DOT that Graphviz accepts", () => {
    const dot = variants.toDot();
    expect(render(dot)).toContain("<svg");
    for (const name of ["tax", "total", "sales", "b", "greeting"]) expect(dot).toContain(`"${name}" [`);
    expect(dot).toContain(`label="tax\\n: number\\nwhen region == \\"US\\""`);
    expect(dot).toContain(`"language" [shape="note"`);
    expect(dot).toContain("cluster_legend");
  });

  it("draws one execution path with outputs, inputs, overrides and missing inputs distinct", () => {
    const dot = variants.toDot({ outputs: ["e", "total"], inputs: { sales: 1 }, overrides: { d: 3 } });
    expect(render(dot)).toContain("<svg");
    expect(dot).toMatch(/"e" \[[^\]]*fillcolor="#ffc857"/); // output
    expect(dot).toMatch(/"d" \[[^\]]*diagonals/); // override
    expect(dot).toMatch(/"a" \[[^\]]*color="#c0392b"/); // needed by b, not given: missing
    expect(dot).toMatch(/"sales" \[shape="parallelogram", style="dashed",/); // given input
    expect(dot).not.toContain(`"c" [`); // upstream of the override: not drawn
    expect(dot).not.toContain(`"unrelated" [`);
  });

  it("can hide inputs and the legend and change orientation", () => {
    const dot = variants.toDot({ hideInputs: true, showLegend: false, orient: "TB" });
    expect(dot).not.toContain(`"sales" [`);
    expect(dot).not.toContain("cluster_legend");
    expect(dot).toContain(`rankdir="TB"`);
    expect(render(dot)).toContain("<svg");
  });

  it("escapes any name, type or doc so Graphviz still accepts it", async () => {
    const hostile = `we"ird\\name\n{}[];->`;
    const module = syntheticModule([{ name: hostile, params: [{ name: `in"put\\` }], fn: ((x: number) => x) as SyntheticNode["fn"] }]);
    const dr = await new Builder()
      .withModules({ ...module, manifest: { ...module.manifest, functions: module.manifest.functions.map((f) => ({ ...f, doc: `a "doc"\\ with } braces`, returnType: `Map<"a", \\b>` })) } })
      .build();
    const dot = dr.toDot({ outputs: [hostile] });
    expect(render(dot)).toContain("<svg");
    expect(dot).toContain(quote(hostile));
  });

  it("draws a config value JSON cannot write (a bigint, a client with a cycle) as text, not a TypeError", async () => {
    const client: Record<string, unknown> = { host: "db" };
    client["self"] = client;
    const module = syntheticModule([{ name: "a", params: [{ name: "x" }], fn: ((x: number) => x) as SyntheticNode["fn"] }]);
    const dr = await new Builder().withModules(module).withConfig({ limit: 10n, client, depth: 3 }).build();
    const dot = dr.toDot();
    expect(dot).toContain(`label="limit\\n= 10"`);
    expect(dot).toContain(`label="client\\n= an object"`);
    expect(dot).toContain(`label="depth\\n= 3"`);
    expect(render(dot)).toContain("<svg");
  });

  it("quote escapes quotes, backslashes and line breaks", () => {
    expect(quote(`a"b\\c\nd`)).toBe(`"a\\"b\\\\c\\nd"`);
  });

  it("rejects an unknown output with a suggestion", () => {
    expect(() => variants.toDot({ outputs: ["totl"] })).toThrowError(expect.objectContaining({ code: "unknown_output", suggestion: ["total"] }));
  });
});

describe("driver.toDot around nodes and with a node style (Hamilton's display_upstream_of, display_downstream_of, visualize_path_between, custom_style_function)", () => {
  // a → b → d, a → c → d, c → e; x feeds a; f stands apart.
  const nodes: [string, string[]][] = [["a", ["x"]], ["b", ["a"]], ["c", ["a"]], ["d", ["b", "c"]], ["e", ["c"]], ["f", ["y"]]];
  const module = syntheticModule(nodes.map(([name, params]) => ({ name, params: params.map((param) => ({ name: param })), fn: (params.length === 1 ? (p: number) => p : (p: number, q: number) => p + q) as SyntheticNode["fn"] })));
  let dr: Awaited<ReturnType<typeof built>>;
  const built = () => new Builder().withModules(module).build();
  beforeAll(async () => {
    dr = await built();
  });
  const drawn = (dot: string) => [...dot.matchAll(/^\s*"([^"]+)" \[/gm)].map((match) => match[1]).sort();
  const edges = (dot: string) => [...dot.matchAll(/^\s*"([^"]+)" -> "([^"]+)"/gm)].map(([, from, to]) => `${from}->${to}`).sort();

  it("upstreamOf draws the nodes and what they depend on; downstreamOf what depends on them, with their parents", () => {
    expect(drawn(dr.toDot({ upstreamOf: ["d"], showLegend: false }))).toEqual(["a", "b", "c", "d", "x"]);
    // display_downstream_of adds each drawn node's dependencies: c's a, d's b (not a's x).
    expect(drawn(dr.toDot({ downstreamOf: ["c"], showLegend: false }))).toEqual(["a", "b", "c", "d", "e"]);
    expect(drawn(dr.toDot({ downstreamOf: ["c", "y"], showLegend: false }))).toEqual(["a", "b", "c", "d", "e", "f", "y"]);
    // Every edge between drawn nodes, as create_graphviz_graph draws them (a → b links two parents).
    expect(edges(dr.toDot({ downstreamOf: ["c"] }))).toEqual(["a->b", "a->c", "b->d", "c->d", "c->e"]);
    expect(render(dr.toDot({ downstreamOf: ["a"] }))).toContain("<svg");
  });

  it("both draw the paths between (visualize_path_between) in red with their parents, or alone with strictPath; each narrows outputs' path too", () => {
    const between = dr.toDot({ downstreamOf: ["b"], upstreamOf: ["d"], showLegend: false });
    // The path b → d, and its nodes' parents a (of b) and c (of d), as Hamilton draws them.
    expect(drawn(between)).toEqual(["a", "b", "c", "d"]);
    expect(edges(between)).toEqual(["a->b", "a->c", "b->d", "c->d"]);
    const red = (dot: string) => dot.split("\n").filter((line) => line.includes('color="red"')).map((line) => line.trim().split(" [")[0]).sort();
    expect(red(between)).toEqual(['"b"', '"b" -> "d"', '"d"']);
    const strict = dr.toDot({ downstreamOf: ["b"], upstreamOf: ["d"], strictPath: true, showLegend: false });
    expect(drawn(strict)).toEqual(["b", "d"]);
    expect(edges(strict)).toEqual(["b->d"]);
    expect(drawn(dr.toDot({ downstreamOf: ["b"], upstreamOf: ["e"] }))).toEqual([]);
    const narrowed = dr.toDot({ outputs: ["d"], downstreamOf: ["c"], showLegend: false });
    expect(drawn(narrowed)).toEqual(["a", "b", "c", "d"]);
    expect(narrowed).toMatch(/"d" \[[^\]]*fillcolor="#ffc857"/); // still drawn as the output
    expect(render(between)).toContain("<svg");
  });

  it("nodeStyle adds attributes after the kind's style, so they win in Graphviz; undefined keeps it", () => {
    const seen: string[] = [];
    const dot = dr.toDot({ nodeStyle: (node) => (seen.push(node.name), node.name === "b" ? { fillcolor: "#ff0000", penwidth: 2 } : undefined) });
    expect(seen.sort()).toEqual(["a", "b", "c", "d", "e", "f", "x", "y"]);
    expect(dot).toMatch(/^\s*"b" \[shape="box", style="rounded,filled", fillcolor="#b4d8e4", label="b\\n: number", fillcolor="#ff0000", penwidth="2"\];$/m);
    expect(dot).toMatch(/^\s*"a" \[[^\]]*fillcolor="#b4d8e4", label="a\\n: number"\];$/m);
    const svg = render(dot);
    expect(svg).toContain(`fill="#ff0000"`);
    expect(svg).not.toMatch(/<title>b<\/title>\s*<path fill="#b4d8e4"/);
  });

  it("nodeStyle comes before an execution's marks, as Hamilton's custom_style_function: an output keeps its fill and an override its diagonals", () => {
    const lineOf = (dot: string, name: string) => dot.split("\n").find((line) => line.trimStart().startsWith(`"${name}" [`)) ?? "";
    // Graphviz reads the last value of a repeated attribute.
    const last = (line: string, key: string) => [...line.matchAll(new RegExp(`(?:\\[|, )${key}="([^"]*)"`, "g"))].at(-1)?.[1];
    const loud = { fillcolor: "#123456", style: "filled,dotted", color: "#654321", penwidth: 3 };
    const dot = dr.toDot({ outputs: ["d"], overrides: { b: 1 }, nodeStyle: () => loud });
    expect(last(lineOf(dot, "d"), "fillcolor")).toBe("#ffc857");
    expect(last(lineOf(dot, "d"), "style")).toBe("filled,dotted"); // only the mark's own attribute is put back
    expect(last(lineOf(dot, "b"), "style")).toBe("rounded,filled,diagonals");
    expect(last(lineOf(dot, "b"), "fillcolor")).toBe("#123456"); // Hamilton's override mark sets the style alone
    expect(last(lineOf(dot, "c"), "fillcolor")).toBe("#123456"); // neither output nor override: the style wins
    for (const name of ["d", "b", "c"]) expect([last(lineOf(dot, name), "color"), last(lineOf(dot, name), "penwidth")]).toEqual(["#654321", "3"]);
    const svg = render(dot);
    expect(svg).toMatch(/<title>d<\/title>\s*<(?:path|polygon) fill="#ffc857"/);
    expect(svg).toMatch(/<title>c<\/title>\s*<(?:path|polygon) fill="#123456"/);
    // Without a nodeStyle, the marks are drawn once, as before.
    expect(dr.toDot({ outputs: ["e"] }).match(/fillcolor="#ffc857"/g)).toHaveLength(2); // the node and its legend entry
  });

  it("a node filed under a legend entry of nodeStyle is not also counted as a plain function; the entry is drawn in the node's class style", () => {
    const legendKinds = (dot: string) => [...dot.matchAll(/^\s*"legend:([^"]+)"/gm)].map((match) => match[1]);
    // Every function named under "mine": no plain function is left for the legend, inputs still are.
    const all = dr.toDot({ nodeStyle: (node) => (node.kind === "function" ? { fillcolor: "#123456", legend: "mine" } : undefined) });
    expect(legendKinds(all)).toEqual(["input", "custom:mine"]);
    // Some functions named: the others still show the function entry.
    const some = dr.toDot({ nodeStyle: (node) => (node.name === "b" ? { fillcolor: "#123456", legend: "mine" } : undefined) });
    expect(legendKinds(some)).toEqual(["function", "input", "custom:mine"]);
    // An output named under an entry is still an output in the legend; the entry is drawn as a function (its class), not as the output.
    const output = dr.toDot({ outputs: ["e"], nodeStyle: (node) => (node.name === "e" ? { penwidth: 3, legend: "mine" } : undefined) });
    expect(legendKinds(output)).toContain("output");
    expect(output).toMatch(/"legend:custom:mine" \[shape="box", style="rounded,filled", fillcolor="#b4d8e4", penwidth="3", label="mine"\]/);
    expect(render(output)).toContain("<svg");
  });

  it("refuses unknown names, bad lists, a nodeStyle that is not a function or returns no attributes, and reports one that throws", () => {
    expect(caught(() => dr.toDot({ upstreamOf: ["dd"] }))).toMatchObject({ code: "unknown_node", suggestion: ["d"] });
    // The message names the option the name came through (the CLI's --upstream-of shows it too).
    expect(caught(() => dr.toDot({ upstreamOf: ["a", "dd"] })).message).toMatch(/^toDot: options\.upstreamOf: no node is named "dd" \(did you mean "d"\?\)/);
    expect(caught(() => dr.toDot({ downstreamOf: ["zz"] })).message).toMatch(/^toDot: options\.downstreamOf: no node is named "zz"/);
    expect(caught(() => dr.toDot({ outputs: ["zz"] }))).toMatchObject({ code: "unknown_output", message: expect.stringMatching(/^toDot: options\.outputs: no node is named "zz"/) });
    expect(caught(() => dr.toDot({ downstreamOf: "a" as never }))).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("options.downstreamOf") });
    expect(caught(() => dr.toDot({ nodeStyle: { b: {} } as never }))).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("options.nodeStyle") });
    // strictPath alone would be ignored (the CLI's --strict-path is refused alike).
    for (const alone of [{ downstreamOf: ["b"] }, { upstreamOf: ["d"] }, {}]) {
      expect(caught(() => dr.toDot({ ...alone, strictPath: true }))).toMatchObject({ code: "invalid_argument", message: expect.stringMatching(/^toDot: options\.strictPath needs options\.upstreamOf and options\.downstreamOf/) });
    }
    for (const bad of ["red", ["fillcolor", "red"], { fillcolor: { r: 1 } }, { penwidth: Number.NaN }]) {
      const error = caught(() => dr.toDot({ nodeStyle: (node) => (node.name === "c" ? (bad as never) : undefined) }));
      expect(error).toMatchObject({ code: "invalid_argument", node: "c", message: expect.stringContaining('for node "c"') });
    }
    for (const key of ["fill color", 'a"]; b [c', ""]) {
      const error = caught(() => dr.toDot({ nodeStyle: (node) => (node.name === "c" ? { [key]: "red" } : undefined) }));
      expect(error).toMatchObject({ code: "invalid_argument", node: "c", message: expect.stringContaining(`attribute name ${JSON.stringify(key)} for node "c"`) });
    }
    const failing = caught(() => dr.toDot({ nodeStyle: () => { throw new Error("no palette"); } }));
    expect(failing).toMatchObject({ code: "hook_failed", message: expect.stringContaining("no palette") });
    expect((failing.cause as Error).message).toBe("no palette");
  });
});
