/**
 * `funcflow build` writes its manifests and typings all or none: when one of them cannot be
 * written, the output folder holds what it held before (no manifest newer than its typings, no
 * temporaries). Real failures through the CLI's main(): a folder where a manifest goes, a
 * regular file where the typings' folder must be.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../support/cli-in-process.ts";
import { folderSnapshot } from "../support/folder-snapshot.ts";

const modules = ["tests/fixtures/modules/basic.ts", "tests/fixtures/modules/variants.ts"];
const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function freshFolder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "funcflow-build-set-"));
  roots.push(root);
  return root;
}

describe("funcflow build writes all of its files or none", () => {
  it("writes every manifest, and no temporaries", async () => {
    const root = await freshFolder();
    const { code, stderr } = await runCliInProcess(["build", ...modules, "--no-typecheck", "--out-dir", root]);
    expect(code, stderr).toBe(0);
    expect(Object.keys(await folderSnapshot(root)).sort()).toEqual(["basic.funcflow.json", "variants.funcflow.json"]);
  });

  it("a folder where the second manifest goes: the first manifest keeps its old bytes", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "basic.funcflow.json"), "old manifest");
    await mkdir(join(root, "variants.funcflow.json"));
    const before = await folderSnapshot(root);
    const { code, stderr } = await runCliInProcess(["build", ...modules, "--no-typecheck", "--out-dir", root]);
    expect(code).toBe(1);
    expect(stderr).toContain("io_failed");
    expect(stderr).toContain(join(root, "variants.funcflow.json"));
    expect(stderr).toContain(`funcflow build: writing "${join(root, "variants.funcflow.json")}" failed`);
    expect(stderr).not.toContain("funcflow build: funcflow build");
    expect(stderr).not.toContain(".tmp");
    expect(await folderSnapshot(root)).toEqual(before);
  });

  it("typings that cannot be written (a file where their folder must be): no manifest is written either", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "blocker"), "a regular file");
    const before = await folderSnapshot(root);
    const { code, stderr } = await runCliInProcess(["build", modules[0]!, "--out-dir", join(root, "out"), "--types", join(root, "blocker", "pipeline.funcflow.d.ts")]);
    expect(code).toBe(1);
    expect(stderr).toContain("io_failed");
    expect(stderr).toContain(join(root, "blocker", "pipeline.funcflow.d.ts"));
    expect(await folderSnapshot(root)).toEqual(before);
  });

  it("--types at a manifest's path is refused before anything is written, naming both files", async () => {
    const root = await freshFolder();
    const { code, stderr } = await runCliInProcess(["build", modules[0]!, "--out-dir", root, "--types", join(root, "basic.funcflow.json")]);
    expect(code).toBe(1);
    expect(stderr).toContain(`funcflow build: the manifest of ${modules[0]} and the typings would both be written to "${join(root, "basic.funcflow.json")}", so one would replace the other. Give --types another path`);
    expect(stderr).toContain("(error code: invalid_argument");
    expect(await folderSnapshot(root)).toEqual({});
  });

  it("--types at a manifest's path spelt through a symlinked folder is refused too", async () => {
    const root = await freshFolder();
    await mkdir(join(root, "out"));
    await symlink(join(root, "out"), join(root, "link"));
    const { code, stderr } = await runCliInProcess(["build", modules[0]!, "--out-dir", join(root, "out"), "--types", join(root, "link", "basic.funcflow.json")]);
    expect(code).toBe(1);
    expect(stderr).toContain(`the typings would both be written to "${join(root, "link", "basic.funcflow.json")}" (the same file as "${join(root, "out", "basic.funcflow.json")}")`);
    expect(await folderSnapshot(join(root, "out"))).toEqual({});
  });

  it("modules of one file name under one --out-dir are refused, not written over each other", async () => {
    const root = await freshFolder();
    for (const [folder, name] of [["a", "left"], ["b", "right"]] as const) {
      await mkdir(join(root, folder));
      await writeFile(join(root, folder, "pipeline.ts"), `export function ${name}(x: number): number {\n  return x;\n}\n`);
    }
    const before = await folderSnapshot(root);
    const { code, stderr } = await runCliInProcess(["build", join(root, "a", "pipeline.ts"), join(root, "b", "pipeline.ts"), "--no-typecheck", "--out-dir", join(root, "out")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/the manifest of .*a\/pipeline\.ts and the manifest of .*b\/pipeline\.ts would both be written to ".*out\/pipeline\.funcflow\.json"/);
    expect(await folderSnapshot(root)).toEqual(before);
  });
});
