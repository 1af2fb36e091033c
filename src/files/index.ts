/** Files: temporary paths of whole-or-nothing writes, and the removal of temporaries that killed writers left behind. */
export { removeStaleTemporaries, temporaryPathFor } from "./stale-temporaries.ts";
