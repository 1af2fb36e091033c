import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples and tests import "funcflow" as users do; resolve it to the source, no build step.
    alias: [
      { find: /^funcflow$/, replacement: source("index.ts") },
      { find: /^funcflow\/(.*)$/, replacement: source("$1.ts") },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
