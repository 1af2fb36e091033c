/** Files: temporary paths of whole-or-nothing writes, sets of files written whole or not at all, and the removal of temporaries that killed writers left behind. */
export { isProcessRunning, removeStaleTemporaries, temporaryPathFor } from "./stale-temporaries.ts";
export { writeFileSet, FileSetCommitError, type FileSet } from "./file-set.ts";
export { rejectSharedPaths, sameFileKey, sharedPathError, type PathClaim, type SharedPathContext } from "./shared-paths.ts";
