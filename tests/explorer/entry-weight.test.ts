/**
 * funcflow/explorer stays light to import (a pipeline adding runRecorder() must not pay for
 * graphology, fastify or ts-morph), checked in a fresh process.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const entry = fileURLToPath(new URL("../../src/explorer.ts", import.meta.url));

function loadedAfterImport(): Promise<string[]> {
  const script = `
    import { createRequire } from "node:module";
    await import(${JSON.stringify(entry)});
    const cache = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(cache.filter((path) => /node_modules\\/(graphology[^/]*|fastify|ts-morph|@ts-morph)\\//.test(path))));
  `;
  return new Promise((resolve, reject) => {
    execFile(tsx, ["--input-type=module", "-e", script], { encoding: "utf8" }, (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as string[])));
  });
}

describe("funcflow/explorer entry", { timeout: 120_000 }, () => {
  it("importing funcflow/explorer loads neither graphology, fastify nor ts-morph", async () => {
    expect(await loadedAfterImport()).toEqual([]);
  });
});
