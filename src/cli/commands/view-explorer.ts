/**
 * `funcflow view <modules> --html graph.html [--outputs …] [--run run.json]`: the explorer page,
 * one self-contained HTML file, written through `funcflow/explorer`.
 */
import { relative, resolve } from "node:path";
import type { Driver } from "../../driver/index.ts";

/** What `--html` needs besides the Driver. */
export interface ExplorerPageRequest {
  readonly file: string;
  readonly runFile: string | undefined;
  readonly outputs: readonly string[];
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * Writes the explorer page for `driver` and returns the line to print.
 * @throws FuncflowError `unknown_output`, `io_failed` (an unreadable run record or unwritable file), `scan_failed`.
 * @example await writeExplorerHtml(driver, { file: "graph.html", runFile: undefined, outputs: [], inputs: {}, overrides: {}, config: {} });
 */
export async function writeExplorerHtml(driver: Driver, request: ExplorerPageRequest): Promise<string> {
  const { explorerPage, readRunFile, scannedFacts } = await import("../../explorer/index.ts");
  const run = request.runFile === undefined ? undefined : await readRunFile(resolve(request.runFile));
  const html = await explorerPage(driver, {
    outputs: request.outputs,
    inputs: request.inputs,
    overrides: request.overrides,
    config: request.config,
    ...(await scannedFacts(driver.listNodes(), request.config)),
    ...(run !== undefined && { run }),
  });
  const path = resolve(request.file);
  const { writeFileAtomic } = await import("../../io/index.ts");
  await writeFileAtomic(path, html, { where: "funcflow view", createFolder: true });
  return `funcflow view: wrote ${relative(process.cwd(), path)} (explorer page, ${driver.listNodes().length} nodes${run === undefined ? "" : `, run ${run.runId}`})\n`;
}
