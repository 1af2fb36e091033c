/**
 * Builder.withModuleResolver: the modules a subdag names are loaded as the resolver maps them
 * (bundled code maps them to prebuilt modules), told which export needs each; the modules given
 * to withModules are not; a resolver's own failure is a coded error naming that export.
 */
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError, type ModuleSource, type NodeSource, type PrebuiltModule } from "../../src/index.ts";
import { scanFile } from "../../src/scanner.ts";
import { rejection } from "../support/caught.ts";

const pipeline = new URL("../fixtures/modifiers/subdag.ts", import.meta.url);
const part = new URL("../fixtures/modifiers/subdag-part.ts", import.meta.url);

describe("Builder.withModuleResolver", () => {
  it("loads each module a subdag names as the resolver maps it, and tells it the export that needs it", async () => {
    const namespace = (await import(part.href)) as Record<string, unknown>;
    // The same module, its cleaned replaced: results show which one was loaded.
    const prebuilt: PrebuiltModule<object> = { module: { ...namespace, cleaned: (raw: number, offset: number) => 1000 + raw + offset }, manifest: await scanFile(part.pathname), name: "bundled part" };
    const asked: [string, NodeSource][] = [];
    const resolve = (source: ModuleSource, neededBy: NodeSource) => {
      asked.push([String(source), neededBy]);
      return String(source) === part.href ? prebuilt : source;
    };
    const plain = await new Builder().withModules(pipeline).build();
    const mapped = await new Builder().withModules(pipeline).withModuleResolver(resolve).build();
    const inputs = { weight: 2 };
    expect(await plain.execute(["usScore"], { inputs })).toEqual({ usScore: 220 + 22 });
    // cleaned 1000 + 1 + 10, score 2 × 1011, bonus 10 × score.
    expect(await mapped.execute(["usScore"], { inputs })).toEqual({ usScore: 20_220 + 2_022 });
    // Asked once per module (the first export naming it), never for the module withModules gave.
    expect(asked).toEqual([[part.href, expect.objectContaining({ exportName: "usScore", module: expect.stringMatching(/subdag\.ts$/) })]]);
    expect(mapped.listNodes().find((node) => node.name === "usScore.cleaned")?.source?.module).toBe("bundled part");
  });

  it("a resolver that throws fails the build with module_load_failed naming the export, the original as cause; a FuncflowError passes as is", async () => {
    const broken = await rejection(new Builder().withModules(pipeline).withModuleResolver(() => { throw new TypeError("no map"); }).build());
    expect(broken).toMatchObject({ code: "module_load_failed", node: "usScore", cause: expect.any(TypeError) });
    expect(broken.message).toContain("no map");
    const refusal = new FuncflowError("envelope_invalid", "not in the bundle");
    expect(await rejection(new Builder().withModules(pipeline).withModuleResolver(() => { throw refusal; }).build())).toBe(refusal);
  });
});
