/**
 * `startExplorerServer`: the explorer page served live on loopback with run history: the
 * page at `/`, the run list at `/api/runs`, one run at `/api/runs/:runId`. Fastify, loaded
 * only when a server starts.
 */
import { resolve } from "node:path";
import type { NodeInfo } from "../graph/index.ts";
import { FuncflowError, optionKeys, pickKeys, requireOptions } from "../errors/index.ts";
import { explorerModel, EXPLORER_OPTION_KEYS, type ExplorerOptions } from "./build-explorer-model.ts";
import { nodesOfSource, pageHtml } from "./explorer-page.ts";
import { listRuns, readRun } from "./run-history.ts";
import { DEFAULT_RUNS_DIR } from "./run-recorder.ts";

/** Options of `startExplorerServer`. */
export interface ExplorerServerOptions extends Omit<ExplorerOptions, "live" | "run"> {
  /** Where run records are (default `.funcflow/runs`). */
  readonly runsDir?: string;
  /** The port on 127.0.0.1 (default 8241; 0 picks a free one). */
  readonly port?: number;
}

/** The keys of ExplorerServerOptions, checked against the interface by the compiler. */
export const EXPLORER_SERVER_OPTION_KEYS = optionKeys<ExplorerServerOptions>({ title: true, outputs: true, inputs: true, overrides: true, config: true, codeVersions: true, otherVariants: true, collapseModulesAbove: true, includeCode: true, runsDir: true, port: true });

/** A running explorer server. */
export interface ExplorerServer {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves the explorer of `source` (a Driver or its node list) on loopback.
 * @throws FuncflowError `invalid_argument` for a bad port, `io_failed` when the port is taken,
 *   `unknown_output` for an unknown output.
 * @example const server = await startExplorerServer(dr, { port: 0 }); console.log(server.url);
 */
export async function startExplorerServer(source: { listNodes(): readonly NodeInfo[] } | readonly NodeInfo[], options: ExplorerServerOptions = {}): Promise<ExplorerServer> {
  requireOptions("startExplorerServer", "options", options, EXPLORER_SERVER_OPTION_KEYS, "{ port: 8241 }");
  const port = options.port ?? 8241;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new FuncflowError("invalid_argument", `explorer server: port ${port} is not a TCP port. Pass an integer from 0 (any free port) to 65535, e.g. 8241.`);
  }
  const runsDir = resolve(options.runsDir ?? DEFAULT_RUNS_DIR);
  const nodes = nodesOfSource(source, "startExplorerServer");
  const html = await pageHtml(explorerModel("startExplorerServer", nodes, { ...pickKeys(options, EXPLORER_OPTION_KEYS), live: true }));
  const { default: fastify } = await import("fastify");
  // ajv as DESIGN.md says: no coercion, nothing stripped, every error reported.
  const app = fastify({ logger: false, ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } } });
  app.get("/", async (_request, reply) => reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(html));
  app.get("/api/runs", async () => listRuns(runsDir));
  app.get<{ Params: { runId: string } }>(
    "/api/runs/:runId",
    { schema: { params: { type: "object", properties: { runId: { type: "string", minLength: 1, maxLength: 200 } }, required: ["runId"] } } },
    async (request, reply) => {
      try {
        return await readRun(runsDir, request.params.runId);
      } catch (error) {
        if (error instanceof FuncflowError && error.code === "invalid_argument") return reply.code(404).send({ error: "not_found", message: error.message });
        throw error;
      }
    },
  );
  try {
    await app.listen({ host: "127.0.0.1", port });
  } catch (error) {
    await app.close();
    throw new FuncflowError("io_failed", `explorer server: cannot listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : String(error)}. Pick another port with --port.`, { cause: error });
  }
  const address = app.server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  return { url: `http://127.0.0.1:${actual}/`, port: actual, close: () => app.close() };
}
