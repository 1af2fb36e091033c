/**
 * The check's Program reuses the files earlier Programs of the process parsed (funcflow's own
 * source, the pipeline's modules) only while their text is the same: a module edited between two
 * checks is read again, so the second check sees the edit.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkEdgeTypes } from "../../src/typecheck/index.ts";

const dir = fileURLToPath(new URL(`./tmp/check-program-${process.pid}/`, import.meta.url));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("createCheckProgram's parsed files", () => {
  it("an edited module is parsed again: the second check sees the misfit the edit made, and the third its fix", async () => {
    await mkdir(dir, { recursive: true });
    const module = join(dir, "pipeline.ts");
    const write = (producer: string) => writeFile(module, `import { tag } from "../../../../src/index.ts";\nexport const a = ${producer};\nexport const b = tag({ owner: "x" }, (a: number): number => a + 1);\n`);
    const mismatches = async () => (await checkEdgeTypes([module], { cacheDir: false })).mismatches.map((mismatch) => `${mismatch.producer.node} → ${mismatch.consumer.node}`);
    await write("(): number => 1");
    expect(await mismatches()).toEqual([]);
    await write('(): string => "1"');
    expect(await mismatches()).toEqual(["a → b"]);
    await write("(): number => 2");
    expect(await mismatches()).toEqual([]);
    // Strict defaults (no tsconfig) bind files under other options: the same module checks the same.
    expect((await checkEdgeTypes([module], { cacheDir: false, tsconfig: false })).mismatches).toEqual([]);
  }, 60_000);
});
