/** `serve(driver, options)`: a pipeline as a listening HTTP service. */
import type { FastifyInstance } from "fastify";
import { buildServeApp, checkServeArguments, type ServableDriver } from "./create-serve-app.ts";
import { SERVE_DEFAULTS, SERVE_OPTION_KEYS, type ServeOptions } from "./serve-options.ts";

/** serve's own option beside those of createServeApp. */
const SERVE_AND_SIGNAL_KEYS = [...SERVE_OPTION_KEYS, "handleSignals"] satisfies readonly (keyof (ServeOptions & { readonly handleSignals?: boolean }))[];

/** A listening service. */
export interface RunningService {
  readonly app: FastifyInstance;
  /** `http://host:port`. */
  readonly url: string;
  /** Stops accepting requests, finishes those in flight, then resolves. */
  close(): Promise<void>;
  /** Resolves once the service has closed (by `close()` or a signal). */
  readonly closed: Promise<void>;
}

/**
 * Serves `driver` over HTTP until `close()` (or SIGTERM/SIGINT, when `handleSignals` is set).
 * @throws FuncflowError `invalid_argument` when `driver` is not a built Driver or an option has the wrong type (nothing listens).
 * @throws FuncflowError `unknown_output`, `unsupported_type` (see createServeApp); the listen error
 *   (e.g. EADDRINUSE) as it is.
 * @example const service = await serve(driver, { port: 0 }); console.log(service.url);
 */
export async function serve(driver: ServableDriver, options: ServeOptions & { readonly handleSignals?: boolean } = {}): Promise<RunningService> {
  checkServeArguments("serve", driver, options, SERVE_AND_SIGNAL_KEYS);
  const app = await buildServeApp(driver, options);
  const closed = new Promise<void>((resolve) => app.addHook("onClose", async () => resolve()));
  const address = await app.listen({ host: options.host ?? SERVE_DEFAULTS.host, port: options.port ?? SERVE_DEFAULTS.port });
  const close = async (): Promise<void> => {
    await app.close();
  };
  if (options.handleSignals) {
    // Requests in flight get their timeout to finish; a connection still open a second after it
    // is a client that does not read its reply (or a stuck body), which would hold the close, and
    // the process, open for ever.
    const graceMs = (options.timeoutMs ?? SERVE_DEFAULTS.timeoutMs) + 1_000;
    const onSignal = (signal: NodeJS.Signals): void => {
      app.log.info({ signal }, "shutting down: finishing in-flight requests");
      const force = setTimeout(() => {
        app.log.warn({ graceMs }, "shutting down: closing connections still open after the grace period");
        app.server.closeAllConnections();
      }, graceMs).unref();
      void close().then(() => {
        clearTimeout(force);
        app.log.info("shut down");
      });
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
  return { app, url: address, close, closed };
}
