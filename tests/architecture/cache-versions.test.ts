/**
 * Caches on disk are keyed by a version constant: manifests by SCANNER_VERSION, static type
 * reports by TYPECHECK_VERSION. Code that changes what is cached without a new version serves
 * what the old code wrote (a merge of two scanner changes did exactly that). Each version is
 * recorded here with a hash of the source it was set for, so changing that source fails this
 * test until the version and the record change together; two branches that both change it
 * conflict on the record, and the merge picks a version of its own.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { SCANNER_VERSION } from "funcflow/scanner";
import { TYPECHECK_VERSION } from "../../src/typecheck/index.ts";

const RECORDS = [
  { constant: "SCANNER_VERSION", file: "src/manifest/scanner-version.ts", version: SCANNER_VERSION, sources: ["src/scanner/", "src/manifest/manifest.ts"], recorded: { version: "26+typescript-6.0.2", sourceHash: "5c5593ab5ad67c3a" } },
  { constant: "TYPECHECK_VERSION", file: "src/typecheck/typecheck-version.ts", version: TYPECHECK_VERSION, sources: ["src/typecheck/", "src/graph/step-names.ts"], recorded: { version: "32+scanner-26+typescript-6.0.2", sourceHash: "be99872ef84b5ce9" } },
];

const root = new URL("../../", import.meta.url);

async function sourceHash(sources: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const source of sources) {
    const files = source.endsWith("/") ? (await readdir(new URL(source, root), { recursive: true })).filter((name) => name.endsWith(".ts")).sort().map((name) => source + name) : [source];
    for (const file of files) hash.update(`${file}\0`).update(await readFile(new URL(file, root))).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

describe("cache key versions follow the code that writes the cache", () => {
  it.each(RECORDS)("$constant changes whenever its source changes", async ({ constant, file, version, sources, recorded }) => {
    const current = { version, sourceHash: await sourceHash(sources) };
    expect(current, `The code behind ${constant} changed. Give ${file} a new version (never one a parent commit used), then set its record in tests/architecture/cache-versions.test.ts to ${JSON.stringify(current)}.`).toEqual(recorded);
  });
});
