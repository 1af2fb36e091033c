#!/usr/bin/env node
/**
 * The `funcflow` executable (package.json `bin`). Runs from source under tsx
 * (`npx tsx src/cli.ts …`) and compiled (`node dist/cli.js …`).
 */
import { main } from "./cli/index.ts";

process.exitCode = await main(process.argv);
