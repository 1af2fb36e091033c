/**
 * Where an envelope is made: Node, platform, funcflow's version, the lock file's hash, a CycloneDX
 * SBOM of the production dependencies (`npm sbom`, offline) and the git commit.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { sha256 } from "./hash-content.ts";
import { type EnvelopeEnvironment, ENVELOPE_FILES } from "./envelope-format.ts";

const run = promisify(execFile);
const LOCK_FILES = ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"];

/** The environment and the SBOM's bytes (undefined when npm could not make one). */
export interface CapturedEnvironment {
  readonly environment: EnvelopeEnvironment;
  readonly sbom: string | undefined;
}

/**
 * Captures the environment of the project around `root` (the nearest folder with a package.json).
 * @param withSbom false skips `npm sbom` (a few seconds).
 * @example const { environment, sbom } = await captureEnvironment(process.cwd());
 */
export async function captureEnvironment(root: string, withSbom = true): Promise<CapturedEnvironment> {
  const project = projectRoot(root);
  const lockPath = project === undefined ? undefined : LOCK_FILES.map((name) => join(project, name)).find((path) => existsSync(path));
  const [lockFile, sbom, git] = await Promise.all([
    lockPath === undefined ? undefined : readFile(lockPath).then((bytes) => ({ path: relative(root, lockPath) || lockPath, sha256: sha256(bytes) })),
    withSbom && project !== undefined ? makeSbom(project) : undefined,
    gitState(root),
  ]);
  return {
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      funcflow: funcflowVersion(),
      lockFile,
      sbom: sbom === undefined ? undefined : { file: ENVELOPE_FILES.sbom, sha256: sha256(sbom.text), source: sbom.source, components: sbom.components },
      git,
    },
    sbom: sbom?.text,
  };
}

/** funcflow's own version: package.json sits two folders up from both src/envelope and dist/envelope. */
export function funcflowVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

function projectRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * `npm sbom` of the installed tree; when npm finds the tree inconsistent with the lock file
 * (e.g. a symlinked node_modules), the lock file alone.
 */
async function makeSbom(project: string): Promise<{ text: string; source: "installed" | "lock-file"; components: number } | undefined> {
  for (const [source, extra] of [["installed", []], ["lock-file", ["--package-lock-only"]]] as const) {
    try {
      const { stdout } = await run("npm", ["sbom", "--sbom-format", "cyclonedx", "--omit", "dev", ...extra], { cwd: project, maxBuffer: 256 * 1024 * 1024 });
      const parsed = JSON.parse(stdout) as { components?: unknown[] };
      return { text: stdout, source, components: parsed.components?.length ?? 0 };
    } catch {
      // try the next source
    }
  }
  return undefined;
}

async function gitState(dir: string): Promise<{ commit: string; dirty: boolean } | undefined> {
  try {
    const [{ stdout: commit }, { stdout: status }] = await Promise.all([
      run("git", ["rev-parse", "HEAD"], { cwd: dir }),
      run("git", ["status", "--porcelain"], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }),
    ]);
    return { commit: commit.trim(), dirty: status.trim() !== "" };
  } catch {
    return undefined;
  }
}
