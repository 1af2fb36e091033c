/**
 * Prototype keys (`__proto__`, `constructor`, `toString`, `hasOwnProperty`) as node, input,
 * output and config names, through the lean loop, the hooked engine, the cache (stored, then
 * read back) and every result builder: each must stay an own key with its value.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { arrowTableResult, recordResult } from "funcflow/arrow";
import { removeScratchFolders, scratchFolder } from "./cache-fixture.ts";

afterAll(removeScratchFolders);

const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"] as const;

/** A module with a node named `name`, and a node reading an input or config value named `name`. */
function modules(name: string) {
  const dir = scratchFolder();
  const asNode = join(dir, "as-node.ts");
  writeFileSync(
    asNode,
    // A function named "__proto__" would be private (a leading "_"), so parameterize names the node.
    `import { parameterize, source } from "funcflow";\n` +
    `export const made = parameterize({ [${JSON.stringify(name)}]: { seed: source("start") } }, (seed: number): number => seed + 1);\n` +
      `/** A record with an own key "${name}". */\n` +
      `export function keyed(${name}: number): Record<string, number> { const out: Record<string, number> = {}; Object.defineProperty(out, ${JSON.stringify(name)}, { value: ${name}, enumerable: true, writable: true, configurable: true }); out["other"] = 1; return out; }\n`,
  );
  const asInput = join(dir, "as-input.ts");
  writeFileSync(asInput, `export function doubled(${name}: number): number { return ${name} * 2; }\n`);
  return { dir, asNode: pathToFileURL(asNode), asInput: pathToFileURL(asInput) };
}

function own(name: string, value: unknown): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  return record;
}

/** The dynamic modules carry no types: execute is called by name. */
interface UntypedDriver {
  execute(outputs: string[], options?: { inputs?: Record<string, unknown> }): Promise<Record<string, unknown>>;
  lastCacheRun(): { hits: readonly string[] } | undefined;
}
const untyped = (dr: unknown) => dr as UntypedDriver;

const ENGINES = [
  ["lean loop", <B extends { withAdapters: Builder["withAdapters"] }>(builder: B) => builder],
  ["hooked engine", <B extends { withAdapters: Builder["withAdapters"] }>(builder: B) => builder.withAdapters({ name: "watch", afterNode: () => {} })],
] as const;

describe.each(NAMES)("the name %s", (name) => {
  const { dir, asNode, asInput } = modules(name);

  it.each(ENGINES)("is a node and an output, an own key of the result (%s)", async (_, engine) => {
    const dr = untyped(await engine(new Builder().withModules(asNode).withManifestCache(false)).build());
    const result = await dr.execute([name, "keyed"], { inputs: { start: 1 } });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual([name, "keyed"]);
    expect(Object.getOwnPropertyDescriptor(result, name)?.value).toBe(2);
    expect(Object.getOwnPropertyDescriptor(result["keyed"], name)?.value).toBe(2);
  });

  it.each(ENGINES)("is an input and a config value a node reads (%s)", async (_, engine) => {
    const byInput = untyped(await engine(new Builder().withModules(asInput).withManifestCache(false)).build());
    expect(await byInput.execute(["doubled"], { inputs: own(name, 4) })).toEqual({ doubled: 8 });
    const byConfig = untyped(await engine(new Builder().withModules(asInput).withManifestCache(false).withConfig(own(name, 5))).build());
    expect(await byConfig.execute(["doubled"])).toEqual({ doubled: 10 });
    // An input of that name that was not passed is reported missing, not read from a prototype.
    await expect(byInput.execute(["doubled"])).rejects.toMatchObject({ code: "missing_input" });
  });

  it("is a node, an output and a key of a value the cache stores and reads back", async () => {
    const build = () => new Builder().withModules(asNode).withManifestCache(false).withCache({ dir: join(dir, "cache"), onWarning: () => {} }).build();
    const first = await untyped(await build()).execute([name, "keyed"], { inputs: { start: 1 } });
    const dr = untyped(await build());
    const second = await dr.execute([name, "keyed"], { inputs: { start: 1 } });
    expect([...dr.lastCacheRun()!.hits].sort()).toEqual([name, "keyed"].sort());
    for (const result of [first, second]) {
      expect(Object.keys(result)).toEqual([name, "keyed"]);
      expect(Object.getOwnPropertyDescriptor(result, name)?.value).toBe(2);
      const keyed = result["keyed"] as object;
      expect(Object.getPrototypeOf(keyed)).toBe(Object.prototype);
      expect(Object.keys(keyed)).toEqual([name, "other"]);
      expect(Object.getOwnPropertyDescriptor(keyed, name)?.value).toBe(2);
    }
  });

  it("is an output of every result builder", async () => {
    const base = new Builder().withModules(asNode).withManifestCache(false);
    const record = await untyped(await base.withResultBuilder(recordResult).build()).execute([name], { inputs: { start: 1 } });
    expect(Object.getOwnPropertyDescriptor(record, name)?.value).toBe(2);
    const table = (await untyped(await base.withResultBuilder(arrowTableResult).build()).execute([name], { inputs: { start: 1 } })) as unknown as import("apache-arrow").Table;
    expect(table.schema.fields.map((field) => field.name)).toEqual([name]);
    expect(table.getChild(name)?.toArray()[0]).toBe(2);
  });
});
