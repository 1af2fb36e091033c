/**
 * The page's script: the client code under `client/` bundled by esbuild into one minified
 * script, once per process.
 */
import { fileURLToPath } from "node:url";
import { FuncflowError } from "../errors/index.ts";

let bundled: Promise<string> | undefined;

/**
 * The bundled client script.
 * @throws FuncflowError `module_load_failed` when esbuild is not installed or the bundle fails.
 * @example const script = await clientScript();
 */
export function clientScript(): Promise<string> {
  bundled ??= bundle().catch((error: unknown) => {
    bundled = undefined;
    throw error;
  });
  return bundled;
}

async function bundle(): Promise<string> {
  // Run from source the entry is main.ts; compiled, main.js beside this file's .js.
  const extension = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  const entry = fileURLToPath(new URL(`./client/main${extension}`, import.meta.url));
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch (error) {
    throw new FuncflowError("module_load_failed", "explorer: esbuild is needed to build the page's script and is not installed. Install it with `npm install --save-dev esbuild`.", { cause: error });
  }
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, minify: true, format: "iife", target: "es2022", platform: "browser", logLevel: "silent" });
  return result.outputFiles[0]!.text;
}
