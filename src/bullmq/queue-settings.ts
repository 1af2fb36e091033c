/**
 * The settings bullmqExecutor and startWorker share the shape of: whole numbers with a floor
 * (attempts, timeouts, sizes) and queue names (queue, prefix), each read with its default and
 * refused, naming the function and the option, when it is not one.
 */
import { invalidArgument } from "../errors/index.ts";

/** Reads `options`' settings for `where`. */
export interface SettingReader<Options> {
  /** The option's whole number (`fallback` when absent), at least `min`. */
  whole(key: keyof Options & string, fallback: number, min: number): number;
  /** The option's queue name (`fallback` when absent): non-empty, without ":" (BullMQ's key separator). */
  name(key: keyof Options & string, fallback: string): string;
}

/**
 * A reader of `options`' settings, whose errors name `where`.
 * @throws FuncflowError `invalid_argument` (from its methods) naming the option.
 * @example const read = settingReader("startWorker", options); read.whole("concurrency", 1, 1);
 */
export function settingReader<Options extends object>(where: string, options: Options): SettingReader<Options> {
  const valueOf = (key: keyof Options & string): unknown => options[key];
  return {
    whole(key, fallback, min) {
      const value = valueOf(key) ?? fallback;
      if (typeof value !== "number" || !Number.isInteger(value) || value < min) throw invalidArgument(where, key, value, `a whole number of at least ${min}`);
      return value;
    },
    name(key, fallback) {
      const value = valueOf(key) ?? fallback;
      if (typeof value !== "string" || value === "" || value.includes(":")) throw invalidArgument(where, key, value, 'a non-empty name without ":"');
      return value;
    },
  };
}
