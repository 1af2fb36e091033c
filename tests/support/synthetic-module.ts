/**
 * Builds a prebuilt module (namespace + manifest) from functions and their parameter names,
 * so property tests and benchmarks can make large graphs without scanning source text.
 */
import { MANIFEST_SCHEMA_VERSION, type ModuleManifest } from "../../src/manifest/index.ts";
import type { PrebuiltModule } from "../../src/index.ts";

export interface SyntheticNode {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly optional?: boolean }[];
  readonly fn: (...args: never[]) => unknown;
}

export function syntheticModule(nodes: readonly SyntheticNode[], file = "synthetic.ts"): PrebuiltModule & { readonly manifest: ModuleManifest } {
  const manifest: ModuleManifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    file,
    contentHash: "synthetic",
    functions: nodes.map((node, index) => ({
      exportName: node.name,
      form: "declaration",
      params: node.params.map((param) => ({ name: param.name, type: "number", optional: param.optional ?? false })),
      returnType: "number",
      isAsync: false,
      line: index + 1,
      modifiers: [],
    })),
    nonFunctionExports: [],
    problems: [],
  };
  return { module: Object.fromEntries(nodes.map((node) => [node.name, node.fn])), manifest, name: file };
}
