/**
 * Every function the scanner could not read (overloads, destructured or rest parameters), as
 * one error: such a function has no parameter names, so it has no edges to check.
 */
import { relative } from "node:path";
import { FuncflowError, invalidArgument, requireArray } from "../errors/index.ts";
import type { ManifestProblem } from "../manifest/index.ts";

/**
 * Throws when any module has a problem; `problems[i]` are the problems of `paths[i]`.
 * @throws FuncflowError `invalid_argument` when `paths` or `problemsByModule` is not an array (of arrays).
 * @throws FuncflowError with the first problem's code (`invalid_signature`), every problem in
 *   the message and in `details.problems`.
 * @example raiseScannerProblems(["src/transforms.ts"], [manifest.problems]);
 */
export function raiseScannerProblems(paths: readonly string[], problemsByModule: readonly (readonly ManifestProblem[])[]): void {
  requireArray("raiseScannerProblems", "paths", paths, 'the scanned modules\' paths such as ["src/a.ts"]');
  requireArray("raiseScannerProblems", "problemsByModule", problemsByModule, "one array of manifest problems per path");
  const bad = problemsByModule.findIndex((list) => !Array.isArray(list));
  if (bad >= 0) throw invalidArgument("raiseScannerProblems", `problemsByModule[${bad}]`, problemsByModule[bad], "an array of manifest problems (manifest.problems)");
  const problems = problemsByModule.flatMap((list, index) => list.map((problem) => ({ ...problem, file: paths[index]! })));
  const [first] = problems;
  if (first === undefined) return;
  const lines = problems.map((problem) => `  ${relative(process.cwd(), problem.file)}:${problem.line}: ${problem.message}`);
  throw new FuncflowError(
    first.code,
    problems.length === 1 ? lines[0]!.trimStart() : `${problems.length} functions cannot be nodes:\n${lines.join("\n")}`,
    { node: first.exportName, details: { problems } },
  );
}
