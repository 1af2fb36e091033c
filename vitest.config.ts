import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/**
 * Files that need a process of their own: they replace a module of ours with vi.mock or
 * vi.resetModules (a module another file already loaded would not be replaced, or every later
 * file would load ours again), or they count the process's open handles, which another file's
 * late timers or sockets would change.
 */
const ISOLATED = [
  "tests/scanner/scanner-inference.test.ts",
  "tests/manifest/manifest-cache-type-sources.test.ts",
  "tests/serve/operations.test.ts",
  "tests/package/wrong-arguments.test.ts",
  "tests/package/unknown-options.test.ts",
];

export default defineConfig({
  resolve: {
    // Examples and tests import "funcflow" as users do; resolve it to the source, no build step.
    alias: [
      { find: /^funcflow$/, replacement: source("index.ts") },
      { find: /^funcflow\/(.*)$/, replacement: source("$1.ts") },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default (cores - 1) runs one file at a time on a 2-core machine, yet much of the
    // suite waits on child processes, Redis and Chromium: two files at once halve the wall time
    // there (330 s → 164 s measured), with both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        // A fresh process per file cost each file ~2 s of imports (TypeScript, ts-morph, Arrow)
        // and a cold TypeScript lib parse in every type check; a worker that keeps its modules
        // between files halved the suite's CPU time (516 s → 252 s user+sys, full run) and took
        // tests/decorators from 148 s to 57 s. Files still get their own module scope for the
        // test file itself; what they share is src/ and node_modules, whose caches are per
        // content (manifests, parsed lib files), not per test.
        test: { name: "shared", include: ["tests/**/*.test.ts"], exclude: [...configDefaults.exclude, ...ISOLATED], isolate: false },
      },
      { extends: true, test: { name: "isolated", include: ISOLATED, isolate: true } },
    ],
  },
});
