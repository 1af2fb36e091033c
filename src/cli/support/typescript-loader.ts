/**
 * Lets the compiled CLI (`dist/cli.js`, plain Node 20) import TypeScript modules: Node 20
 * cannot run `.ts`, so tsx's loader is registered when the project has tsx installed. Under
 * tsx itself (running `src/cli.ts`), or a Node that strips types, nothing is needed.
 */
import { FuncflowError } from "../../errors/index.ts";

const TYPESCRIPT_MODULE = /(?<!\.d)\.(m|c)?tsx?$/;
let registered = false;

/**
 * Makes `import()` of `modules` work when some are TypeScript.
 * @throws FuncflowError `module_load_failed` when TypeScript must be loaded and tsx is not installed.
 * @example await ensureTypeScriptLoader(["src/transforms.ts"]);
 */
export async function ensureTypeScriptLoader(modules: readonly string[]): Promise<void> {
  if (registered || !modules.some((module) => TYPESCRIPT_MODULE.test(module)) || canImportTypeScript()) return;
  try {
    const { register } = (await import("tsx/esm/api")) as { register: () => unknown };
    register();
    registered = true;
  } catch (error) {
    throw new FuncflowError(
      "module_load_failed",
      `${modules.find((module) => TYPESCRIPT_MODULE.test(module))}: Node ${process.versions.node} cannot import TypeScript by itself, and tsx (which funcflow uses to load it) is not installed. Install it with \`npm install --save-dev tsx\`, or point funcflow at the compiled .js.`,
      { cause: error },
    );
  }
}

/** This file is itself TypeScript when a loader runs it (tsx, vitest), or Node strips types natively. */
function canImportTypeScript(): boolean {
  const features = process.features as { readonly typescript?: unknown };
  return import.meta.url.endsWith(".ts") || Boolean(features.typescript);
}
