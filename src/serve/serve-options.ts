/** The settings of `serve` and `createServeApp`, with their defaults. */
import { optionKeys } from "../errors/index.ts";
import type { NodeSchema, SchemaCacheOptions } from "../schema/index.ts";

/** How a pipeline is served. */
export interface ServeOptions extends SchemaCacheOptions {
  /** The outputs to serve; default: every function node whose type has a JSON form. */
  readonly outputs?: readonly string[];
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Largest request body in bytes; default 64 MiB. */
  readonly bodyLimit?: number;
  /** Requests computing at once; default 8. */
  readonly concurrency?: number;
  /** Requests waiting for a slot before 503; default 64. */
  readonly queue?: number;
  /** Per-request time limit in milliseconds before 504; default 30 s. */
  readonly timeoutMs?: number;
  /** Put stacks and causes in 500 bodies (never in production). */
  readonly verbose?: boolean;
  /** The request log: false for none, or a pino level; default `info`. */
  readonly logLevel?: false | "fatal" | "error" | "warn" | "info" | "debug" | "trace";
  /** Where the log goes; default stdout. */
  readonly logStream?: NodeJS.WritableStream;
  /** Schemas already read (e.g. cached); default: read from the source with the checker. */
  readonly schemas?: ReadonlyMap<string, NodeSchema>;
  /** The OpenAPI document's title; default `funcflow service`. */
  readonly title?: string;
}

/** The keys of ServeOptions, checked against the interface by the compiler. */
export const SERVE_OPTION_KEYS = optionKeys<ServeOptions>({ outputs: true, host: true, port: true, bodyLimit: true, concurrency: true, queue: true, timeoutMs: true, verbose: true, logLevel: true, logStream: true, schemas: true, title: true, root: true, tsconfig: true, cacheDir: true });

/** The defaults, in one place. */
export const SERVE_DEFAULTS = {
  host: "127.0.0.1",
  port: 8080,
  bodyLimit: 64 * 1024 * 1024,
  concurrency: 8,
  queue: 64,
  timeoutMs: 30_000,
} as const;
