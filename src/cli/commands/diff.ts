/**
 * `funcflow diff <modules...> --ref <git ref>`: which node functions were added, removed or
 * changed since a git ref. Both sides are scanned (the file now, and `git show ref:path`), and a
 * function changed when its code version (the scanner's hash of its source and the local
 * helpers it uses, comments and layout left out), its modifiers or its signature differ.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { basename, dirname, relative, resolve } from "node:path";
import { promisify } from "node:util";
import type { Command } from "commander";
import { FuncflowError } from "../../errors/index.ts";
import { variantNodeName } from "../../graph/index.ts";
import { givenNodeName, type ManifestFunction } from "../../manifest/index.ts";
import type { CommandOutcome } from "../program.ts";
import { formatTable } from "../support/format-table.ts";

const run = promisify(execFile);

interface DiffOptions {
  readonly ref: string;
  readonly json?: boolean;
  readonly exitCode?: boolean;
}

/** What about a function changed. */
type ChangedPart = "code" | "modifiers" | "signature";

/** One function that differs between the ref and the working tree. */
interface FunctionChange {
  readonly status: "added" | "removed" | "changed";
  readonly node: string;
  readonly exportName: string;
  readonly module: string;
  /** Its line now (for removed functions, at the ref). */
  readonly line: number;
  /** For a changed function: which parts differ. */
  readonly changed: readonly ChangedPart[];
  /** Code versions at the ref and now (undefined where the function is absent or has no body). */
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/**
 * Adds `diff` to `program`; `--exit-code` reports differences through `outcome`.
 * @example registerDiff(new Command("funcflow"), { exitCode: 0 });
 */
export function registerDiff(program: Command, outcome: CommandOutcome): void {
  program
    .command("diff")
    .description("list node functions added, removed or changed (by code version) since a git ref")
    .argument("<modules...>", "the pipeline's module files")
    .option("--ref <ref>", "the git ref to compare with", "HEAD")
    .option("--json", "print the changes as JSON")
    .option("--exit-code", "exit 1 when anything changed (as git diff --exit-code)")
    .addHelpText(
      "after",
      `
A function changed when its code version (the scanner's hash of its source and of the module's
helpers it uses, comments and layout left out), its modifiers (config conditions, tags) or its
signature differ: a doc-only change is not a change.

Example:
  $ funcflow diff examples/hello-world/transforms.ts --ref HEAD~1
  $ funcflow diff src/*.ts --ref main --json`,
    )
    .action(async (modules: string[], options: DiffOptions) => {
      const changes = (await Promise.all(modules.map((module) => diffModule(resolve(module), options.ref)))).flat();
      if (options.exitCode && changes.length > 0) outcome.exitCode = 1;
      process.stdout.write(options.json ? `${JSON.stringify({ ref: options.ref, changes }, null, 2)}\n` : `${describe(changes, options.ref)}\n`);
    });
}

async function diffModule(path: string, ref: string): Promise<FunctionChange[]> {
  // ts-morph loads only for this command.
  const { scanSource } = await import("../../scanner/index.ts");
  const now = await readFile(path, "utf8").catch((error: unknown) => {
    throw new FuncflowError("module_not_found", `${path}: no module at this path (${(error as NodeJS.ErrnoException).code}). Pass a module of the working tree.`, { cause: error });
  });
  const before = await showAtRef(path, ref);
  const current = scanSource(now, path).functions;
  const previous = before === undefined ? [] : scanSource(before, path).functions;
  const module = relative(process.cwd(), path);
  const byName = new Map(previous.map((entry) => [entry.exportName, entry]));
  const changes: FunctionChange[] = [];
  const change = (status: FunctionChange["status"], entry: ManifestFunction, old: ManifestFunction | undefined, changed: readonly ChangedPart[]): FunctionChange => ({
    status,
    node: givenNodeName(entry) ?? variantNodeName(entry.exportName),
    exportName: entry.exportName,
    module,
    line: entry.line,
    changed,
    before: old?.codeVersion,
    after: status === "removed" ? undefined : entry.codeVersion,
  });
  for (const entry of current) {
    const old = byName.get(entry.exportName);
    byName.delete(entry.exportName);
    if (old === undefined) {
      changes.push(change("added", entry, undefined, []));
      continue;
    }
    const changed = changedParts(old, entry);
    if (changed.length > 0) changes.push(change("changed", entry, old, changed));
  }
  for (const old of byName.values()) changes.push(change("removed", old, old, []));
  return changes;
}

/** What differs between two scans of one function. */
function changedParts(before: ManifestFunction, after: ManifestFunction): ChangedPart[] {
  const parts: ChangedPart[] = [];
  if (before.codeVersion !== after.codeVersion) parts.push("code");
  if (JSON.stringify(before.modifiers) !== JSON.stringify(after.modifiers)) parts.push("modifiers");
  const signature = (entry: ManifestFunction) => JSON.stringify([entry.params, entry.returnType, entry.isAsync]);
  if (signature(before) !== signature(after)) parts.push("signature");
  return parts;
}

/** The file's text at `ref`, or undefined when it did not exist there. */
async function showAtRef(path: string, ref: string): Promise<string | undefined> {
  try {
    const { stdout } = await run("git", ["show", `${ref}:./${basename(path)}`], { cwd: dirname(path), maxBuffer: 64 * 1024 * 1024, encoding: "utf8" });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "");
    if (/does not exist in|exists on disk, but not in/.test(stderr)) return undefined;
    const reason = stderr.trim().split("\n")[0] || (error as Error).message;
    throw new FuncflowError(
      "invalid_argument",
      `diff --ref ${ref}: git cannot show ${relative(process.cwd(), path)} at that ref: ${reason}. Pass a ref of the repository the module is in (a branch, tag or commit).`,
      { cause: error, details: { ref, path } },
    );
  }
}

function describe(changes: readonly FunctionChange[], ref: string): string {
  if (changes.length === 0) return `No node function changed since ${ref}.`;
  const rows = changes.map((change) => [
    change.status,
    change.node,
    change.exportName === change.node ? "" : change.exportName,
    `${change.module}:${change.line}`,
    change.changed.join(", "),
  ]);
  const counts = (["added", "removed", "changed"] as const).map((status) => `${changes.filter((change) => change.status === status).length} ${status}`);
  return `${formatTable(["status", "node", "export", "where", "what changed"], rows)}\nSince ${ref}: ${counts.join(", ")}.`;
}
