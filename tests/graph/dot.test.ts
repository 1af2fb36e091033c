import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { quote } from "../../src/graph/dot/escape.ts";
import { syntheticModule, type SyntheticNode } from "../support/synthetic-module.ts";

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

  it("quote escapes quotes, backslashes and line breaks", () => {
    expect(quote(`a"b\\c\nd`)).toBe(`"a\\"b\\\\c\\nd"`);
  });

  it("rejects an unknown output with a suggestion", () => {
    expect(() => variants.toDot({ outputs: ["totl"] })).toThrowError(expect.objectContaining({ code: "unknown_output", suggestion: ["total"] }));
  });
});
