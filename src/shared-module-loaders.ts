/**
 * How this package's processes import what an envelope's bundle shares with them (see
 * envelope/shared-modules.ts): one list for both entries that provide it, `funcflow/envelope`
 * and the CLI. Not an entry itself; a folder cannot import the package entries, so it sits here.
 */
import type { SharedModuleLoaders } from "./envelope/index.ts";

/** The loader of each shared specifier (SHARED_SPECIFIERS). */
export const SHARED_MODULE_LOADERS: SharedModuleLoaders = {
  funcflow: () => import("./index.ts"),
  "funcflow/arrow": () => import("./arrow.ts"),
  "funcflow/io": () => import("./io.ts"),
  "funcflow/adapters": () => import("./adapters.ts"),
  "funcflow/workers": () => import("./workers.ts"),
  "apache-arrow": () => import("apache-arrow"),
};
