/**
 * `funcflow serve <modules...>`: serves the pipeline over HTTP (funcflow/serve) until SIGTERM or
 * SIGINT, which finish the requests in flight before the process ends.
 */
import type { Command } from "commander";
import { configFrom, withConfigOptions, withOutputsOption, withTsconfigOption, typeCheckWanted, withTypeCheckOption, type SharedOptions, type TypeCheckOptions } from "../support/common-options.ts";
import { loadDriver } from "../support/load-driver.ts";
import { refuseRemoteForModules, remoteExecutorFrom, withRemoteOptions, type RemoteCommandOptions } from "../support/remote-options.ts";
import { envelopeReferenceOf, registryFrom, withRegistryOption } from "../support/registry-option.ts";
import { parseCount, parsePort } from "../support/parse-options.ts";

interface ServeCommandOptions extends Pick<SharedOptions, "config" | "set" | "outputs" | "tsconfig">, RemoteCommandOptions, TypeCheckOptions {
  readonly host: string;
  readonly port: number;
  readonly timeout?: number;
  readonly concurrency?: number;
  readonly bodyLimit?: number;
  readonly registry?: string;
}

/**
 * Adds `serve` to `program`.
 * @example registerServe(new Command("funcflow"));
 */
export function registerServe(program: Command): void {
  const command = program
    .command("serve")
    .description("serve the pipeline over HTTP: POST /execute, POST /outputs/<name>, the OpenAPI document and Swagger UI")
    .argument("<modules...>", "the pipeline's module files, or one envelope (id, name@version or folder)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0 picks a free one)", parsePort, 8080)
    .option("--timeout <ms>", "per-request time limit in milliseconds (default 30000)", (text: string) => parseCount(text, 1))
    .option("--concurrency <n>", "requests computing at once (default 8)", (text: string) => parseCount(text, 1))
    .option("--body-limit <bytes>", "largest request body in bytes (default 64 MiB)", (text: string) => parseCount(text, 1));
  withRegistryOption(withTsconfigOption(withTypeCheckOption(withOutputsOption(withConfigOptions(command), "outputs to serve (default: every node whose type has a JSON form)"), "skip the static check of every edge's types at start-up (on by default, as in funcflow run; cached)")));
  withRemoteOptions(command);
  command.addHelpText(
    "after",
    `
Routes: GET /healthz, GET /readyz, GET /openapi.json, GET /docs (Swagger UI),
POST /execute, POST /outputs/<name>. Request log: one JSON line per request on stdout.

Example:
  $ funcflow serve examples/hello-world/transforms.ts --port 8080
  $ curl -s localhost:8080/execute -H 'content-type: application/json' \\
      -d '{"outputs":["spendPerSignup"],"inputs":{"spend":[10,10,20],"signups":[1,10,50]}}'`,
  );
  command.action(async (modules: string[], options: ServeCommandOptions, self: Command) => servePipeline(modules, options, Boolean(self.optsWithGlobals().verbose)));
}

async function servePipeline(modules: readonly string[], options: ServeCommandOptions, verbose: boolean): Promise<void> {
  const envelope = envelopeReferenceOf(modules);
  if (envelope !== undefined) return serveEnvelopeReference(envelope, options, verbose);
  refuseRemoteForModules(options, "serve");
  const config = await configFrom(options);
  // Loaded here: fastify and ts-morph are not needed by the other commands.
  const [driver, { serve }] = await Promise.all([loadDriver(modules, config, typeCheckWanted(options) ? { typeCheck: options.tsconfig === undefined ? {} : { tsconfig: options.tsconfig } } : {}), import("../../serve/index.ts")]);
  const service = await serve(driver, {
    outputs: options.outputs,
    host: options.host,
    port: options.port,
    verbose,
    handleSignals: true,
    ...(options.tsconfig !== undefined && { tsconfig: options.tsconfig }),
    ...(options.timeout !== undefined && { timeoutMs: options.timeout }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
  });
  process.stderr.write(`funcflow serve: listening on ${service.url} (docs at ${service.url}/docs)\n`);
  await service.closed;
}

// --- Serving an envelope (funcflow/envelope): `funcflow serve hello@1`. ---

async function serveEnvelopeReference(reference: string, options: ServeCommandOptions, verbose: boolean): Promise<void> {
  const { serveEnvelope } = await import("../../envelope/index.ts");
  const executor = await remoteExecutorFrom(options);
  const service = await serveEnvelope(reference, {
    ...(executor !== undefined && { executor }),
    registry: registryFrom(options),
    onDrift: (message) => process.stderr.write(`warning: ${message}\n`),
    host: options.host,
    port: options.port,
    verbose,
    handleSignals: true,
    ...(options.outputs.length > 0 && { outputs: options.outputs }),
    ...(options.timeout !== undefined && { timeoutMs: options.timeout }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
  });
  process.stderr.write(`funcflow serve: envelope ${service.envelope.manifest.name} (${service.envelope.id.slice(0, 12)}) listening on ${service.url} (docs at ${service.url}/docs)${options.redis === undefined ? "" : "; remote nodes run on funcflow workers"}\n`);
  await service.closed;
  await executor?.close();
}
