/** Redis URLs as BullMQ connection options, and as text safe to print. */
import { describeArgument, FuncflowError } from "../errors/index.ts";

/** The ioredis options a `redis://` or `rediss://` URL stands for. */
export interface RedisConnection {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
  readonly tls?: Record<string, never>;
}

/**
 * Reads `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS).
 * @throws FuncflowError `invalid_argument` for anything else, naming the value.
 * @example parseRedisUrl("redis://127.0.0.1:6379/2"); // { host: "127.0.0.1", port: 6379, db: 2 }
 */
export function parseRedisUrl(url: string, where: string): RedisConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL("invalid:");
  }
  if (typeof url !== "string" || (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") || parsed.hostname === "") {
    throw new FuncflowError(
      "invalid_argument",
      `${where}: options.connection must be a Redis URL such as "redis://127.0.0.1:6379", got ${typeof url === "string" ? JSON.stringify(redactRedisUrl(url)) : describeArgument(url)}. Use redis://host:port (rediss:// for TLS), with user:password@ and /db when needed.`,
      { details: { function: where, argument: "options.connection" } },
    );
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  if (db !== undefined && !(Number.isInteger(db) && db >= 0)) {
    throw new FuncflowError("invalid_argument", `${where}: the database in ${redactRedisUrl(url)} must be a whole number, as in redis://host:6379/2.`);
  }
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    ...(parsed.username !== "" && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password !== "" && { password: decodeURIComponent(parsed.password) }),
    ...(db !== undefined && { db }),
    ...(parsed.protocol === "rediss:" && { tls: {} }),
  };
}

/**
 * The URL with its password replaced by `***`, for messages and logs; a string that is not a
 * URL loses whatever stands between a `:` and an `@` (`user:secret@host` → `user:***@host`).
 */
export function redactRedisUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // Not a URL with a host, so not one whose password URLs can find (`worker:secret@host` parses
  // as scheme "worker:"): what stands between a `:` and an `@` may be one.
  if (parsed === undefined || parsed.host === "") return url.replace(/:[^@]*@/, ":***@");
  // A URL with a host and no password (`redis://user@host`) has nothing to hide.
  if (parsed.password === "") return url;
  parsed.password = "***";
  return parsed.href.replace(/\/$/, "");
}
