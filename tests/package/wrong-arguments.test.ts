/**
 * Every function and class exported by every entry of package.json's `exports`, called with
 * each wrong-typed value as its first argument (and as its second, after a valid first where
 * the table below gives one): each call returns normally, or fails with a FuncflowError whose
 * message names the function's argument. Never a raw TypeError, never a hang, and nothing left
 * behind (no server listening, no file written).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FuncflowError, type FuncflowErrorCode } from "funcflow";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { exports: Record<string, unknown> };

/** Entries left out, each with why. */
const SKIPPED_ENTRIES: Readonly<Record<string, string>> = {
  "./package.json": "not code",
};

/** One wrong value of each kind a caller can pass by mistake. */
const WRONG: ReadonlyArray<readonly [string, unknown]> = [
  ["null", null],
  ["number", 42],
  ["symbol", Symbol("s")],
  ["array", [1]],
  ["object", { bogus: 1 }],
  ["function", () => 1],
];

/**
 * Exports whose contract is to accept any value at an argument position (0-based), so every
 * outcome there but a hang is fine. Each with a one-line reason.
 */
const ACCEPTS_ANYTHING: Readonly<Record<string, { readonly positions: readonly number[]; readonly reason: string }>> = {};

/**
 * Codes more specific than invalid_argument that are right for a wrong-typed argument: a
 * modifier's misuse, a value of the wrong columnar or schema type, a name an envelope cannot take.
 */
const MORE_SPECIFIC: readonly FuncflowErrorCode[] = ["invalid_modifier", "type_mismatch", "unsupported_type", "envelope_invalid"];

/**
 * A valid first argument per export, so the second can be probed with wrong values. Optional:
 * only where a valid first argument is cheap to make.
 */
const VALID_FIRST: Readonly<Record<string, () => unknown>> = {};

/** Argument names a message may use instead of the parameter's name in the source (rest parameters, destructuring). */
const ARGUMENT_NAMES: Readonly<Record<string, readonly string[]>> = {};

const CALL_TIMEOUT_MS = 2_000;

interface Outcome {
  readonly call: string;
  readonly problem: string;
}

/** The parameter names of a function or of a class's constructor, as written in its source (empty for a pattern). */
function parameterNames(fn: Function): string[] {
  const source = Function.prototype.toString.call(fn);
  const isClass = /^class\b/.test(source);
  const list = isClass ? /constructor\s*\(([^)]*)\)/.exec(source)?.[1] : /^[^(]*\(([^)]*)\)/.exec(source)?.[1];
  if (list === undefined) return [];
  return list.split(",").map((parameter) => /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)\s*(?:=.*)?$/.exec(parameter)?.[1] ?? "");
}

function isClass(fn: Function): boolean {
  return /^class\b/.test(Function.prototype.toString.call(fn));
}

async function settle(value: unknown): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"hang">((resolve) => {
    timer = setTimeout(() => resolve("hang"), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve(value), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A generator's work starts at its first `next()`, so that is where a wrong argument shows. */
async function firstStep(result: unknown): Promise<unknown> {
  if (typeof result !== "object" || result === null) return result;
  const iterator = result as Partial<AsyncGenerator & Generator>;
  const isGenerator = typeof iterator.next === "function" && typeof iterator.return === "function" && (Symbol.asyncIterator in result || Symbol.iterator in result);
  if (!isGenerator || Array.isArray(result)) return result;
  try {
    return await settle(iterator.next!());
  } finally {
    await settle(iterator.return!(undefined));
  }
}

async function probe(exportName: string, fn: Function, args: readonly unknown[], position: number): Promise<string | undefined> {
  try {
    const result = isClass(fn) ? Reflect.construct(fn, args) : Reflect.apply(fn, undefined, args);
    const settled = await settle(result);
    if (settled === "hang") return `hung for ${CALL_TIMEOUT_MS} ms`;
    if ((await firstStep(settled)) === "hang") return `its generator hung for ${CALL_TIMEOUT_MS} ms`;
    return undefined;
  } catch (error) {
    if (ACCEPTS_ANYTHING[exportName]?.positions.includes(position)) return undefined;
    if (!(error instanceof FuncflowError)) return `threw ${(error as Error)?.constructor?.name ?? typeof error}: ${String((error as Error)?.message ?? error).slice(0, 140)}`;
    const codes: readonly FuncflowErrorCode[] = ["invalid_argument", ...MORE_SPECIFIC];
    if (!codes.includes(error.code)) return `threw FuncflowError with code ${error.code}: ${error.message.slice(0, 140)}`;
    // The probed argument, or one after it: the probe leaves those undefined, and a function may check them first.
    const names = [...parameterNames(fn).slice(position), ...(ARGUMENT_NAMES[exportName] ?? []), "the last argument"].filter((name) => name !== "");
    if (!names.some((name) => error.message.includes(name))) return `message names none of ${JSON.stringify(names)}: ${error.message.slice(0, 140)}`;
    return undefined;
  }
}

const entries = Object.keys(packageJson.exports).filter((subpath) => SKIPPED_ENTRIES[subpath] === undefined);
const home = process.cwd();
let scratch = "";
let resourcesBefore = new Map<string, number>();

/** How many active handles of each kind (TCPServerWrap, Timeout, …) the process holds. */
function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const resource of process.getActiveResourcesInfo()) counts.set(resource, (counts.get(resource) ?? 0) + 1);
  return counts;
}

beforeAll(async () => {
  // Relative paths (a registry's default folder, a manifest beside a module) land in a scratch folder we can check is empty.
  scratch = await mkdtemp(join(tmpdir(), "funcflow-wrong-arguments-"));
  process.chdir(scratch);
  resourcesBefore = countResources();
});

afterAll(async () => {
  process.chdir(home);
  await rm(scratch, { recursive: true, force: true });
});

describe("every exported function, given a wrong-typed argument", () => {
  it.each(entries)("%s fails with a FuncflowError naming the argument, or returns", async (subpath) => {
    const specifier = subpath === "." ? "funcflow" : `funcflow/${subpath.slice(2)}`;
    const module = (await import(specifier)) as Record<string, unknown>;
    const problems: Outcome[] = [];
    for (const [name, fn] of Object.entries(module)) {
      if (typeof fn !== "function") continue;
      const arity = Math.max(parameterNames(fn).length, 1);
      const validFirst = VALID_FIRST[name];
      for (const [kind, wrong] of WRONG) {
        const problem = await probe(name, fn, [wrong], 0);
        if (problem !== undefined) problems.push({ call: `${name}(${kind})`, problem });
        if (validFirst !== undefined && arity > 1) {
          const secondProblem = await probe(name, fn, [validFirst(), wrong], 1);
          if (secondProblem !== undefined) problems.push({ call: `${name}(valid, ${kind})`, problem: secondProblem });
        }
      }
    }
    expect(problems.map(({ call, problem }) => `${call} → ${problem}`)).toEqual([]);
  });

  it("leaves no file written and nothing listening", async () => {
    expect(await readdir(scratch)).toEqual([]);
    const started = [...countResources()].filter(([resource, count]) => /TCP|Pipe|Server|Process|FSEvent|StatWatcher/.test(resource) && count > (resourcesBefore.get(resource) ?? 0));
    expect(started).toEqual([]);
  });
});
