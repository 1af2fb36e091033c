/**
 * `funcflow/envelope`: save a pipeline with its API schema, examples and environment as an
 * immutable, content-addressed envelope; keep it in a registry; load it without the source tree;
 * run it as a batch job or serve it. A subpath of its own: saving loads esbuild and ts-morph.
 */
import { provideSharedModules } from "./envelope/index.ts";
import { SHARED_MODULE_LOADERS } from "./shared-module-loaders.ts";

// An envelope's bundle shares these packages with this process (see envelope/shared-modules.ts).
provideSharedModules(SHARED_MODULE_LOADERS);

export * from "./envelope/index.ts";
