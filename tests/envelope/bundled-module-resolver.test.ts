/**
 * bundledModuleResolver: how a loaded envelope's Builder maps each module reference a subdag,
 * withColumns or listed function makes (as the bundled code computes it) to the bundled module.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { PrebuiltModule } from "../../src/index.ts";
import { bundledModuleResolver } from "../../src/envelope/bundled-module-resolver.ts";
import { envelopeModuleUrl } from "../../src/envelope/envelope-urls.ts";
import { rejection } from "../support/caught.ts";

const id = "a".repeat(64);
const dir = "/registry/envelopes/" + id;
const module = (source: string): PrebuiltModule<object> => ({ module: {}, manifest: { schemaVersion: 0, functions: [] } as never, name: source, url: envelopeModuleUrl(id, source) });
const modules = ["src/pipeline.ts", "src/parts/part.ts", "lib/columns.ts", "src/a/util.ts", "src/b/util.ts", "../shared/outside.ts"].map(module);
const resolve = bundledModuleResolver({ dir, id, name: "demo", formatVersion: 2, modules });
const neededBy = { module: "src/pipeline.ts", exportName: "score", line: 7 };
const named = (source: Parameters<typeof resolve>[0]) => (resolve(source, neededBy) as PrebuiltModule<object>).name;
const beside = (source: string) => pathToFileURL(join(dir, "content/code", source));

describe("bundledModuleResolver", () => {
  it("maps a URL made from a bundled module's import.meta.url to the module of that source path, in either spelling", () => {
    expect(named(beside("src/parts/part.ts"))).toBe("src/parts/part.ts");
    expect(named(beside("src/parts/part.js"))).toBe("src/parts/part.ts");
    expect(named(beside("src/parts/part.ts").href)).toBe("src/parts/part.ts");
    expect(named(new URL("../../shared/outside.ts", beside("src/pipeline.ts")))).toBe("../shared/outside.ts");
  });

  it("maps the envelope's own module URLs (listed functions' modules) exactly", () => {
    expect(named(new URL("./columns.js", envelopeModuleUrl(id, "lib/pipeline.ts")))).toBe("lib/columns.ts");
  });

  it("maps a path written in the code by its ending, and refuses an ambiguous one", async () => {
    expect(named("src/parts/part.ts")).toBe("src/parts/part.ts");
    expect(named("./lib/columns.ts")).toBe("lib/columns.ts");
    expect(named("/home/someone/project/src/parts/part.ts")).toBe("src/parts/part.ts");
    expect(named(pathToFileURL("/home/someone/project/lib/columns.ts"))).toBe("lib/columns.ts");
    const ambiguous = await rejection(Promise.resolve().then(() => resolve("util.ts", neededBy)));
    expect(ambiguous).toMatchObject({ code: "envelope_invalid", node: "score", details: { module: "util.ts" } });
  });

  it("passes a prebuilt module the code holds through, and names a module the envelope lacks with the node needing it", async () => {
    const prebuilt = module("elsewhere.ts");
    expect(resolve(prebuilt, neededBy)).toBe(prebuilt);
    const missing = await rejection(Promise.resolve().then(() => resolve(beside("src/gone.ts"), neededBy)));
    expect(missing).toMatchObject({ code: "envelope_invalid", node: "score", details: { module: "src/gone.ts", neededBy: "src/pipeline.ts:7" } });
    expect(missing.message).toMatchInlineSnapshot(`"envelope demo (aaaaaaaaaaaa): node "score" (src/pipeline.ts:7) needs the module src/gone.ts, which the envelope does not hold. Save the envelope again from the source with this funcflow: it bundles every module a subdag, parameterizedSubdag, withColumns or listed function names."`);
    const formatOne = bundledModuleResolver({ dir, id, name: "demo", formatVersion: 1, modules });
    expect((await rejection(Promise.resolve().then(() => formatOne(beside("src/gone.ts"), neededBy)))).message).toContain("saved in format 1");
  });
});
