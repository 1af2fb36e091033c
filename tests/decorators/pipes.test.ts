import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const plain = await buildFixture("pipes");
const all = await buildFixture("pipes", { clip: true, round: true });
const namesOf = (dr: typeof plain) => dr.listNodes().map((node) => node.name);

describe("pipeInput", () => {
  it("names step nodes <fn>.with_<step>, numbers repeats, and honours .named", () => {
    expect(namesOf(plain)).toEqual(expect.arrayContaining(["piped.with_add", "piped.with_add_1", "piped.scaled", "piped"]));
    expect(plain.node("piped").dependencies.map((d) => d.name)).toEqual(["piped.scaled"]);
    expect(plain.node("piped.with_add").dependencies.map((d) => d.name)).toEqual(["raw"]);
    expect(plain.node("piped.scaled").dependencies.map((d) => d.name)).toEqual(["piped.with_add_1", "factor"]);
    expect(plain.node("piped.with_add").role).toBe("step");
  });

  it("passes the piped value first and the step's arguments after it", async () => {
    expect(await plain.execute(["piped"], { inputs: { factor: 3 } })).toEqual({ piped: 39 });
  });

  it("pipes into the parameter onInput names", async () => {
    expect(plain.node("labelled").dependencies.map((d) => d.name)).toEqual(["raw", "labelled.shout"]);
    expect(await plain.execute(["labelled"], { inputs: { label: "hey" } })).toEqual({ labelled: "hey! 10" });
  });
});

describe("pipeOutput", () => {
  it("makes <fn>.raw, one node per step, and <fn> holding the last step's value", async () => {
    expect(namesOf(all)).toEqual(expect.arrayContaining(["clipped.raw", "clipped.with_add", "clipped.with_clip", "clipped"]));
    expect(all.node("clipped.raw").role).toBe("raw");
    expect(await all.execute(["clipped.raw", "clipped.with_add", "clipped"])).toEqual({ "clipped.raw": 20, "clipped.with_add": 25, clipped: 12 });
  });

  it("skips a step whose config condition does not hold", async () => {
    expect(namesOf(plain)).not.toContain("clipped.with_clip");
    expect(await plain.execute(["clipped"])).toEqual({ clipped: 25 });
  });

  it("draws .raw and step nodes as secondary, grouped under the function", () => {
    const dot = all.toDot();
    expect(dot).toMatch(/"clipped\.raw" \[shape="box", style="rounded,dashed"/);
    expect(dot).toContain(`subgraph "cluster_clipped"`);
  });
});

describe("mutate", () => {
  it("adds the transform after each target's output; the transform is not a node", async () => {
    expect(namesOf(plain)).toEqual(expect.arrayContaining(["costs.raw", "costs.with_normalized", "costs", "prices.raw", "prices.with_normalized", "prices"]));
    expect(namesOf(plain)).not.toContain("normalized");
    expect(await plain.execute(["costs", "prices"])).toEqual({ costs: 1.1, prices: 1.2 });
  });

  it("chains several transforms on one target in source order, each when its condition holds", async () => {
    expect(namesOf(plain)).not.toContain("prices.with_rounded");
    expect(all.node("prices").dependencies.map((d) => d.name)).toEqual(["prices.with_rounded"]);
    expect(all.node("prices.with_rounded").dependencies.map((d) => d.name)).toEqual(["prices.with_normalized"]);
    expect(await all.execute(["prices"])).toEqual({ prices: 1 });
  });

  it("rejects an unknown target name, with a suggestion", async () => {
    const error = await caught(
      buildSource(`export function sales(): number { return 1; }\nexport const fix = ff.mutate("sale", (x: number): number => x);`),
    );
    expect(error).toMatchObject({ code: "invalid_modifier", node: "fix" });
    expect(error.message).toContain(`mutate targets "sale", which no function of`);
    expect(error.message).toContain(`did you mean "sales"?`);
  });

  it("rejects a binding of a parameter the transform does not have", async () => {
    const error = await caught(
      buildSource(`export function sales(): number { return 1; }\nexport const fix = ff.mutate(sales, { scal: ff.value(2) }, (x: number, scale: number): number => x * scale);`),
    );
    expect(error.message).toContain(`mutate binds "scal"`);
  });
});

describe("pipe misuse", () => {
  it("rejects a bare function where a step belongs", async () => {
    const error = await caught(buildSource(`const add = (x: number) => x + 1;\nexport const bad = ff.pipeOutput(add as never, (x: number): number => x);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain("argument 1 is a bare function, not a step; wrap it: step(fn, ...args)");
  });

  it("rejects an unknown onInput parameter and an unknown onOutput node", async () => {
    const input = await caught(buildSource(`const id = (x: number) => x;\nexport const bad = ff.pipeInput({ onInput: "nope" }, ff.step(id), (x: number): number => x);`));
    expect(input.message).toContain(`pipeInput pipes into "nope", which is not a parameter of "bad"`);
    const output = await caught(buildSource(`const id = (x: number) => x;\nexport const bad = ff.pipeOutput({ onOutput: "nope" }, ff.step(id), (x: number): number => x);`));
    expect(output.message).toContain(`pipeOutput targets "nope", which this function does not make`);
  });

  it("rejects onOutput on both the pipe and a step, and an anonymous step function", async () => {
    const both = await caught(buildSource(`const id = (x: number) => x;\nexport const bad = ff.pipeOutput({ onOutput: "bad" }, ff.step(id).onOutput("bad"), (x: number): number => x);`));
    expect(both.message).toContain("onOutput is set on the pipe and on a step");
    const anonymous = await caught(buildSource(`export const bad = ff.pipeOutput(ff.step([(x: number) => x][0]!), (x: number): number => x);`));
    expect(anonymous.message).toContain(`has no name; name its node with .named`);
  });
});
