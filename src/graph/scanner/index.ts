export { scanSource } from "./scan-source.ts";
export { scanFile } from "./scan-file.ts";
export { writeManifest, manifestPathFor } from "./write-manifest.ts";
export { SCANNER_VERSION } from "./scanner-version.ts";
// Static edge checking and the typings `funcflow build` writes (src/graph/typecheck).
export * from "../typecheck/index.ts";
