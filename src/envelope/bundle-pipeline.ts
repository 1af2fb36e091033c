/**
 * The pipeline's code as one ESM file: every module and what it imports, except Node's built-ins
 * and the shared packages (funcflow, apache-arrow), which the bundle reads from the runtime.
 */
import { readFile } from "node:fs/promises";
import { dirname, extname, relative } from "node:path";
import type { Loader, Plugin } from "esbuild";
import { FuncflowError } from "../errors/index.ts";
import { bundledModuleHref } from "./envelope-urls.ts";
import { SHARED_SLOT, SHARED_SPECIFIERS } from "./shared-modules.ts";

/** The bundle and esbuild's account of what went into it. */
export interface PipelineBundle {
  readonly code: string;
  /** esbuild's metafile, input paths relative to `root`. */
  readonly metafile: { readonly inputs: Readonly<Record<string, { readonly bytes: number }>> };
  /** The local source files bundled (not under node_modules). */
  readonly localSources: readonly string[];
}

const SHARED = new RegExp(`^(${SHARED_SPECIFIERS.map((specifier) => specifier.replace(/[/-]/g, "\\$&")).join("|")})$`);

/**
 * Bundles `modules` (absolute paths); the bundle exports module i's namespace as `m<i>`.
 * @throws FuncflowError `envelope_invalid` naming the module when esbuild cannot bundle it.
 * @example const bundle = await bundlePipeline(["/repo/src/transforms.ts"], "/repo");
 */
export async function bundlePipeline(modules: readonly string[], root: string): Promise<PipelineBundle> {
  // esbuild is loaded only when an envelope is saved.
  const { build, transform } = await import("esbuild");
  const entry = modules.map((module, index) => `export * as m${index} from ${JSON.stringify(module)};`).join("\n");
  try {
    const result = await build({
      stdin: { contents: entry, resolveDir: root, sourcefile: "funcflow-envelope-entry.js", loader: "js" },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      metafile: true,
      logLevel: "silent",
      legalComments: "none",
      // Names stay as written: funcflow reads nodes by export name and the scanner's manifest.
      keepNames: true,
      absWorkingDir: root,
      plugins: [
        moduleUrls(root, transform),
        {
          name: "funcflow-shared",
          setup(plugin) {
            plugin.onResolve({ filter: SHARED }, (args) => ({ path: args.path, namespace: "funcflow-shared" }));
            plugin.onLoad({ filter: /.*/, namespace: "funcflow-shared" }, (args) => ({
              contents: `module.exports = globalThis[Symbol.for(${JSON.stringify(SHARED_SLOT)})][${JSON.stringify(args.path)}];`,
              loader: "js",
            }));
          },
        },
      ],
    });
    const inputs = result.metafile.inputs;
    const localSources = Object.keys(inputs).filter((path) => !path.startsWith("funcflow-shared:") && !path.includes("node_modules/") && path !== "<stdin>").sort();
    return { code: result.outputFiles[0]!.text, metafile: result.metafile, localSources };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new FuncflowError("envelope_invalid", `saveEnvelope: bundling ${modules.map((module) => relative(root, module)).join(", ")} failed: ${message}. Fix the module so it builds on its own.`, {
      cause: error,
      details: { modules },
    });
  }
}

/** The variable a local module's `import.meta.url` becomes in the bundle. */
const MODULE_URL = "__funcflowModuleUrl";
const LOADERS: Readonly<Record<string, Loader>> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" };

/**
 * Gives each local module its own `import.meta.url`, its source path beside the bundle (in one
 * bundle every module would otherwise share the bundle's URL): a `subdag` or `withColumns` that
 * names `new URL("./part.ts", import.meta.url)` then names part.ts's source path, which the loaded
 * envelope maps to the bundled part.ts. Only files that read `import.meta` are rewritten, by
 * esbuild's own `define` (so a string or comment is left alone).
 */
function moduleUrls(root: string, transform: typeof import("esbuild").transform): Plugin {
  return {
    name: "funcflow-module-urls",
    setup(plugin) {
      plugin.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const loader = LOADERS[extname(args.path)];
        if (args.namespace !== "file" || args.path.includes("/node_modules/") || loader === undefined) return undefined;
        const text = await readFile(args.path, "utf8");
        if (!text.includes("import.meta")) return undefined;
        const source = relative(root, args.path).split("\\").join("/");
        const { code } = await transform(text, { loader, format: "esm", sourcefile: args.path, define: { "import.meta.url": MODULE_URL } });
        const declaration = `const ${MODULE_URL} = new URL(${JSON.stringify(bundledModuleHref(source))}, import.meta.url).href;\n`;
        return { contents: declaration + code, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}
