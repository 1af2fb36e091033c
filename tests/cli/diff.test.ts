/**
 * `funcflow diff` against a git ref, in a scratch repository: functions added, removed and
 * changed are listed (code version, modifiers, signature); a doc-only or layout-only edit is
 * not a change, an edit to a helper the function uses is.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { funcflowInProcess, repo } from "./support/run-cli.ts";

const git = promisify(execFile);
let dir: string;

const BEFORE = `import { configWhen } from "funcflow";

function rate(): number {
  return 0.2;
}

/** Raw sales. */
export function sales(region: string): number[] {
  return region === "US" ? [1, 2] : [3];
}

/** Total. */
export const total = (sales: number[]): number => sales.reduce((a, b) => a + b, 0);

export const tax__us = configWhen({ region: "US" }, (total: number): number => total * 0.07);

export const vat = (total: number): number => total * rate();

export function retired(total: number): number {
  return total;
}
`;

const AFTER = `import { configWhen } from "funcflow";

function rate(): number {
  return 0.19;
}

/** Raw sales, per day: only the doc changed. */
export function sales(region: string): number[] {
      return region === "US"   ?   [1,2]   : [3]; // and the spacing
}

/** Total. */
export const total = (sales: number[]): number => sales.reduce((a, b) => a + b, 1);

export const tax__us = configWhen({ region: "USA" }, (total: number): number => total * 0.07);

export const vat = (total: number): number => total * rate();

export function average(total: number, days: number): number {
  return total / days;
}
`;

beforeAll(async () => {
  await mkdir(join(repo, "tests/cli/tmp"), { recursive: true });
  dir = await mkdtemp(join(repo, "tests/cli/tmp/diff-"));
  const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@e", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@e" };
  await git("git", ["init", "-q"], { cwd: dir });
  await writeFile(join(dir, "transforms.ts"), BEFORE);
  await git("git", ["add", "transforms.ts"], { cwd: dir });
  await git("git", ["commit", "-q", "-m", "first"], { cwd: dir, env });
  await writeFile(join(dir, "transforms.ts"), AFTER);
  await writeFile(join(dir, "new.ts"), "export const fresh = (total: number): number => total;\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("funcflow diff", () => {
  it("funcflow diff lists functions added, removed and changed since the ref", async () => {
    const { code, stdout } = await funcflowInProcess(["diff", "transforms.ts", "new.ts", "--ref", "HEAD", "--json"], { cwd: dir });
    expect(code).toBe(0);
    const { ref, changes } = JSON.parse(stdout) as { ref: string; changes: { status: string; node: string; exportName: string; module: string; changed: string[] }[] };
    expect(ref).toBe("HEAD");
    expect(changes.map((change) => [change.status, change.exportName, change.module, change.changed])).toEqual([
      ["changed", "total", "transforms.ts", ["code"]],
      ["changed", "tax__us", "transforms.ts", ["modifiers"]],
      ["changed", "vat", "transforms.ts", ["code"]],
      ["added", "average", "transforms.ts", []],
      ["removed", "retired", "transforms.ts", []],
      ["added", "fresh", "new.ts", []],
    ]);
    expect(changes[1]?.node).toBe("tax");
  });

  it("funcflow diff prints a table and, with --exit-code, exits 1 when anything changed", async () => {
    const { code, stdout } = await funcflowInProcess(["diff", "transforms.ts", "--exit-code"], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^status\s+node\s+export\s+where\s+what changed$/m);
    expect(stdout).toMatch(/^changed\s+total\s+transforms\.ts:13\s+code$/m);
    expect(stdout).toMatch(/^changed\s+tax\s+tax__us\s+transforms\.ts:15\s+modifiers$/m);
    expect(stdout).toContain("Since HEAD: 1 added, 1 removed, 3 changed.");
  });

  it("funcflow diff says so when nothing changed", async () => {
    await writeFile(join(dir, "same.ts"), BEFORE);
    const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@e", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@e" };
    await git("git", ["add", "same.ts"], { cwd: dir });
    await git("git", ["commit", "-q", "-m", "same"], { cwd: dir, env });
    const { code, stdout } = await funcflowInProcess(["diff", "same.ts", "--exit-code"], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout.trim()).toBe("No node function changed since HEAD.");
  });

  it("funcflow diff explains an unknown ref", async () => {
    const { code, stderr } = await funcflowInProcess(["diff", "transforms.ts", "--ref", "no-such-branch"], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^funcflow diff: diff --ref no-such-branch: git cannot show transforms\.ts at that ref/);
  });
});
