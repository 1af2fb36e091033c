#!/usr/bin/env node
/**
 * The `funcflow` executable (package.json `bin`). Runs from source under tsx
 * (`npx tsx src/cli.ts …`) and compiled (`node dist/cli.js …`).
 */
import { main } from "./cli/index.ts";
import { provideSharedModules } from "./envelope/shared-modules.ts";
import { SHARED_MODULE_LOADERS } from "./shared-module-loaders.ts";

// What an envelope's bundle shares with this process: the list funcflow/envelope provides too.
provideSharedModules(SHARED_MODULE_LOADERS);

// A reader that stops early (`funcflow list … | head`) closes the pipe: that ends the output, it
// is not a failure of the command, so it must not end in an unhandled EPIPE and a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
}

process.exitCode = await main(process.argv);
