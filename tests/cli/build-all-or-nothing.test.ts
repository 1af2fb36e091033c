/**
 * `funcflow build` writes its manifests and typings all or none: when one of them cannot be
 * written, the output folder holds what it held before (no manifest newer than its typings, no
 * temporaries). Real failures through the CLI's main(): a folder where a manifest goes, a
 * regular file where the typings' folder must be.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../support/cli-in-process.ts";
import { scratchFolders, snapshot } from "../support/folder-snapshot.ts";

const modules = ["tests/fixtures/modules/basic.ts", "tests/fixtures/modules/variants.ts"];
const freshFolder = scratchFolders("funcflow-build-set-");

describe("funcflow build writes all of its files or none", () => {
  it("writes every manifest, and no temporaries", async () => {
    const root = await freshFolder();
    const { code, stderr } = await runCliInProcess(["build", ...modules, "--no-typecheck", "--out-dir", root]);
    expect(code, stderr).toBe(0);
    expect(Object.keys(await snapshot(root)).sort()).toEqual(["basic.funcflow.json", "variants.funcflow.json"]);
  });

  it("a folder where the second manifest goes: the first manifest keeps its old bytes", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "basic.funcflow.json"), "old manifest");
    await mkdir(join(root, "variants.funcflow.json"));
    const before = await snapshot(root);
    const { code, stderr } = await runCliInProcess(["build", ...modules, "--no-typecheck", "--out-dir", root]);
    expect(code).toBe(1);
    expect(stderr).toContain("io_failed");
    expect(stderr).toContain(join(root, "variants.funcflow.json"));
    expect(stderr).not.toContain(".tmp");
    expect(await snapshot(root)).toEqual(before);
  });

  it("typings that cannot be written (a file where their folder must be): no manifest is written either", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "blocker"), "a regular file");
    const before = await snapshot(root);
    const { code, stderr } = await runCliInProcess(["build", modules[0]!, "--out-dir", join(root, "out"), "--types", join(root, "blocker", "pipeline.funcflow.d.ts")]);
    expect(code).toBe(1);
    expect(stderr).toContain("io_failed");
    expect(stderr).toContain(join(root, "blocker", "pipeline.funcflow.d.ts"));
    expect(await snapshot(root)).toEqual(before);
  });
});
