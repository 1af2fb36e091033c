#!/usr/bin/env node
/**
 * The `funcflow` executable (package.json `bin`). Runs from source under tsx
 * (`npx tsx src/cli.ts …`) and compiled (`node dist/cli.js …`).
 */
import { main } from "./cli/index.ts";
import { provideSharedModules } from "./envelope/shared-modules.ts";

// What an envelope's bundle shares with this process; the same list as src/envelope.ts.
provideSharedModules({
  funcflow: () => import("./index.ts"),
  "funcflow/arrow": () => import("./arrow.ts"),
  "funcflow/io": () => import("./io.ts"),
  "funcflow/adapters": () => import("./adapters.ts"),
  "funcflow/workers": () => import("./workers.ts"),
  "apache-arrow": () => import("apache-arrow"),
});

process.exitCode = await main(process.argv);
