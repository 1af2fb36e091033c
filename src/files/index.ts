/** Files: temporary paths of whole-or-nothing writes, sets of files written whole or not at all, pid-aware locks on the files being replaced, the removal of temporaries that killed writers left behind, and names made into file names that stay in their folder. */
export { isProcessRunning, removeStaleTemporaries, temporaryPathFor } from "./stale-temporaries.ts";
export { writeFileSet, FileSetCommitError, type FileSet } from "./file-set.ts";
export { rejectSharedPaths, sameFileKey, sharedPathError, type PathClaim, type SharedPathContext } from "./shared-paths.ts";
export { safeFileName } from "./safe-file-name.ts";
export { lockTargets, lockPathFor, ForeignLockError } from "./target-locks.ts";
