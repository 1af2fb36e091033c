/**
 * The CLI never says "unexpected error" about a user's module: whatever the module throws (at
 * import, from a modifier's argument, a package it cannot find), and when its modifiers come
 * from another copy of funcflow, the message says what happened and where to look, with exit 1.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { funcflow } from "./support/run-cli.ts";

const dir = fileURLToPath(new URL(`./tmp/user-modules-${randomUUID()}/`, import.meta.url));
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function module(name: string, source: string): string {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, source);
  return file;
}

const BROKEN = [
  ["throws a TypeError at import", `const config: { region?: { code: string } } = {};\nexport const region = config.region!.code;\nexport function a(x: number): number { return x; }\n`],
  ["throws a string at import", `throw "not ready";\nexport function a(x: number): number { return x; }\n`],
  ["imports a package that is not installed", `import { nothing } from "no-such-package-xyz";\nexport function a(x: number): number { return nothing + x; }\n`],
  ["passes a modifier an argument it cannot use", `import { pipeOutput } from "funcflow";\nexport const a = pipeOutput(null as never, (x: number): number => x);\n`],
] as const;

describe.concurrent("funcflow build with a broken user module", () => {
  it.each(BROKEN)("a module that %s: a clear message, never 'unexpected error'", async (name, source) => {
    const file = module(name.replace(/\W+/g, "-"), source);
    const { code, stderr } = await funcflow(["build", file, "--out-dir", join(dir, "out")]);
    expect(code).toBe(1);
    expect(stderr).not.toContain("unexpected error");
    expect(stderr).toMatch(/^funcflow build: /);
  });

  it("a module whose modifiers come from another copy of funcflow builds", async () => {
    cpSync(fileURLToPath(new URL("../../src/", import.meta.url)), join(dir, "copy", "src"), { recursive: true });
    const copy = pathToFileURL(join(dir, "copy", "src", "index.ts")).href;
    const file = module(
      "two-copies",
      `import { step, pipeOutput, mutate, applyTo, value } from ${JSON.stringify(copy)};\n` +
        `const add = (x: number, y: number): number => x + y;\n` +
        `export function prices(seed: number): number { return seed; }\n` +
        `export const piped = pipeOutput(step(add, value(1)).when({ on: true }).named("plusOne"), (prices: number): number => prices * 2);\n` +
        `export const halved = mutate([applyTo(prices).when({ on: true })], (x: number): number => x / 2);\n`,
    );
    const { code, stderr } = await funcflow(["run", file, "--outputs", "piped", "--input", "seed=4", "--config", '{"on":true}']);
    expect(stderr).not.toContain("unexpected error");
    expect(code).toBe(0);
  });
});
