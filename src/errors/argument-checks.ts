/**
 * Checks for the arguments of public functions: each failure is an `invalid_argument`
 * FuncflowError that names the function, the argument, what it got and what to pass, so a
 * wrong-typed argument never surfaces as a raw TypeError later (or is silently accepted).
 */
import { FuncflowError } from "./funcflow-error.ts";
import { didYouMean, suggestNames } from "./suggest.ts";

/**
 * A short phrase naming what a caller passed: `undefined`, `null`, `the number 5`,
 * `the string "x"`, `a Map`, `an array`, `a function`, `a symbol`, `an object`.
 * @example describeArgument(new Map()); // "a Map"
 */
export function describeArgument(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return value === "" ? "an empty string" : `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case "number":
    case "bigint":
    case "boolean":
      return `the ${typeof value} ${String(value)}`;
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
  }
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
  if (isModuleNamespace(value)) return "a module namespace object (the result of import())";
  const constructorName = (value as object).constructor?.name;
  return constructorName && constructorName !== "Object" ? `a ${constructorName}` : "an object";
}

/** True for the namespace object `await import("./m.ts")` returns. */
export function isModuleNamespace(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object Module]";
}

/** True for `{ … }` literals and `Object.create(null)` objects (not arrays, Maps, class instances). */
export function isPlainRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || isModuleNamespace(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * The error for an argument that is not what `where` accepts.
 * @example throw invalidArgument("withManifestCache", "dir", 42, 'a folder path such as ".cache/funcflow", or false');
 */
export function invalidArgument(where: string, argument: string, got: unknown, expected: string, extra = ""): FuncflowError {
  return new FuncflowError("invalid_argument", `${where}: ${argument} must be ${expected}, got ${describeArgument(got)}.${extra === "" ? "" : ` ${extra}`}`, {
    details: { function: where, argument, got: describeArgument(got) },
  });
}

/**
 * Asserts a plain object (`{ … }`): a Map, an array, a string or null is refused.
 * @throws FuncflowError `invalid_argument`.
 */
export function requirePlainRecord(where: string, argument: string, value: unknown, example: string): asserts value is Readonly<Record<string, unknown>> {
  if (!isPlainRecord(value)) {
    const hint = value instanceof Map ? ` Convert a Map with Object.fromEntries(map).` : "";
    throw invalidArgument(where, argument, value, `a plain object such as ${example}`, hint.trim());
  }
}

/**
 * Asserts an optional plain object: undefined is accepted.
 * @throws FuncflowError `invalid_argument`.
 */
export function requireOptionalRecord(where: string, argument: string, value: unknown, example: string): asserts value is Readonly<Record<string, unknown>> | undefined {
  if (value !== undefined) requirePlainRecord(where, argument, value, example);
}

/**
 * Asserts a plain object whose keys are all in `known`: how a function checks an options object
 * (or a request such as `{ outputs, inputs }`) it cannot do without.
 * @throws FuncflowError `invalid_argument`: not a plain object, or an unknown key (named, with a "did you mean").
 * @example requireKnownRecord("bullmqExecutor", "options", options, BULLMQ_EXECUTOR_OPTION_KEYS, '{ connection: "redis://127.0.0.1:6379" }');
 */
export function requireKnownRecord(where: string, argument: string, value: unknown, known: readonly string[], example: string): asserts value is Readonly<Record<string, unknown>> {
  requirePlainRecord(where, argument, value, example);
  rejectUnknownKeys(where, argument, value, known);
}

/**
 * Asserts an optional options object: undefined, or a plain object whose keys are all in `known`.
 * @throws FuncflowError `invalid_argument`: not a plain object, or an unknown key (named, with a "did you mean").
 * @example requireOptions("readTable", "options", options, READ_TABLE_OPTION_KEYS, '{ format: "csv" }');
 */
export function requireOptions(where: string, argument: string, value: unknown, known: readonly string[], example: string): asserts value is Readonly<Record<string, unknown>> | undefined {
  if (value !== undefined) requireKnownRecord(where, argument, value, known, example);
}

/**
 * Asserts a Map: a plain object of the same entries, the likely mistake, gets the fix.
 * @throws FuncflowError `invalid_argument`.
 * @example requireMap("criticalPath", "durations", durations, "a Map from node name to milliseconds");
 */
export function requireMap(where: string, argument: string, value: unknown, expected: string): asserts value is ReadonlyMap<unknown, unknown> {
  if (!(value instanceof Map)) throw invalidArgument(where, argument, value, expected, isPlainRecord(value) ? "Convert an object with new Map(Object.entries(object))." : "");
}

/**
 * Asserts an optional Map: undefined is accepted.
 * @throws FuncflowError `invalid_argument`.
 */
export function requireOptionalMap(where: string, argument: string, value: unknown, expected: string): asserts value is ReadonlyMap<unknown, unknown> | undefined {
  if (value !== undefined) requireMap(where, argument, value, expected);
}

/**
 * Asserts a non-empty string.
 * @throws FuncflowError `invalid_argument`.
 */
export function requireName(where: string, argument: string, value: unknown, example: string): asserts value is string {
  if (typeof value !== "string" || value === "") throw invalidArgument(where, argument, value, `a non-empty string such as ${example}`);
}

/**
 * Asserts an array of non-empty strings.
 * @throws FuncflowError `invalid_argument`.
 */
export function requireNameList(where: string, argument: string, value: unknown, example: string): asserts value is readonly string[] {
  if (!Array.isArray(value)) throw invalidArgument(where, argument, value, `an array of names such as ${example}`);
  const bad = value.findIndex((entry) => typeof entry !== "string" || entry === "");
  if (bad >= 0) throw invalidArgument(where, `${argument}[${bad}]`, value[bad], `a non-empty string (a node name) such as ${example}`);
}

/**
 * Asserts an optional boolean.
 * @throws FuncflowError `invalid_argument`.
 */
export function requireOptionalBoolean(where: string, argument: string, value: unknown): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") throw invalidArgument(where, argument, value, "true or false");
}

/**
 * Asserts that `record` has no keys but `known`: a misspelt option (`{ input: … }` for
 * `{ inputs: … }`) would otherwise be silently ignored. Every unknown key is named at once,
 * each with the nearest known one; `suggestion` holds the nearest known key of the first.
 * @throws FuncflowError `invalid_argument` with `details.argument` set to `<argument>.<key>`.
 * @example rejectUnknownKeys("readTable", "options", options, READ_TABLE_OPTION_KEYS);
 */
export function rejectUnknownKeys(where: string, argument: string, record: object, known: readonly string[]): void {
  const problem = unknownKeysProblem(where, argument, record, known);
  if (problem === undefined) return;
  const { message, unknown, suggestion } = problem;
  throw new FuncflowError("invalid_argument", message, { suggestion, details: { function: where, argument: `${argument}.${unknown[0]}`, unknown, known } });
}

/**
 * What rejectUnknownKeys would throw, as data: for a modifier, whose problems are raised when the
 * graph is built (`invalid_modifier` naming the node) rather than where it wraps a function.
 * @example const problem = unknownKeysProblem("tag", "options", options, TAG_OPTION_KEYS)?.message;
 */
export function unknownKeysProblem(where: string, argument: string, record: object, known: readonly string[]): { readonly message: string; readonly unknown: readonly string[]; readonly suggestion: readonly string[] } | undefined {
  const unknown = Object.keys(record).filter((key) => !known.includes(key));
  if (unknown.length === 0) return undefined;
  const named = unknown.map((key) => ({ key, near: nearestKeys(key, known) }));
  const phrases = named.map(({ key, near }) => `"${key}"${didYouMean(near)}`);
  const list = phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join(", ")} and ${phrases[phrases.length - 1]}`;
  const message = `${where}: ${argument} has no option${unknown.length === 1 ? "" : "s"} ${list}. Known options: ${known.join(", ")}; fix the spelling or remove ${unknown.length === 1 ? "it" : "them"}.`;
  return { message, unknown, suggestion: named[0]!.near };
}

/** The known keys nearest to `key`: by edit distance, else by a shared three-letter start (`dir` for `directory`). */
function nearestKeys(key: string, known: readonly string[]): string[] {
  const near = suggestNames(key, known, 2);
  if (near.length > 0) return near;
  return known.filter((candidate) => candidate.startsWith(key.slice(0, 3)) || key.startsWith(candidate.slice(0, 3))).slice(0, 1);
}

/**
 * The keys of an options interface as a runtime list, written as `{ key: true, … }` so that the
 * compiler refuses the list when it misses a key of `Options` or has one `Options` lacks: an
 * option added to the interface cannot be forgotten in the list `rejectUnknownKeys` checks.
 * @example const READ_TABLE_OPTION_KEYS = optionKeys<ReadTableOptions>({ format: true, delimiter: true });
 */
export function optionKeys<Options extends object>(keys: { readonly [Key in keyof Required<Options>]: true }): readonly (keyof Options & string)[] {
  return Object.freeze(Object.keys(keys) as (keyof Options & string)[]);
}

/**
 * The entries of `record` whose keys are in `keys`: how a function whose options are the union
 * of two others' (serveEnvelope's are serve's and loadEnvelope's) hands each only its own, so
 * each can refuse the keys it does not know.
 * @example loadEnvelope(reference, pickKeys(options, LOAD_ENVELOPE_OPTION_KEYS));
 */
export function pickKeys<Options extends object>(record: Options, keys: readonly string[]): Partial<Options> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keys.includes(key))) as Partial<Options>;
}

/**
 * Asserts a file or folder path: a non-empty string. Node's own error for a number (read as a
 * file descriptor), a symbol or an object would name neither our function nor the argument.
 * @throws FuncflowError `invalid_argument`.
 * @example requirePath("readTable", "path", path, '"data/sales.csv"');
 */
export function requirePath(where: string, argument: string, value: unknown, example: string): asserts value is string {
  if (typeof value !== "string" || value === "") throw invalidArgument(where, argument, value, `a path (a non-empty string) such as ${example}`);
}

/**
 * Asserts an optional path: undefined is accepted.
 * @throws FuncflowError `invalid_argument`.
 */
export function requireOptionalPath(where: string, argument: string, value: unknown, example: string): asserts value is string | undefined {
  if (value !== undefined) requirePath(where, argument, value, example);
}

/**
 * Asserts a string (the empty string included, e.g. CSV text with no rows).
 * @throws FuncflowError `invalid_argument`.
 */
export function requireString(where: string, argument: string, value: unknown, expected: string): asserts value is string {
  if (typeof value !== "string") throw invalidArgument(where, argument, value, expected);
}

/**
 * Asserts an array.
 * @throws FuncflowError `invalid_argument`.
 */
export function requireArray(where: string, argument: string, value: unknown, expected: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw invalidArgument(where, argument, value, expected);
}

/**
 * Asserts an object (not null, an array or a function) that has each of `methods` as a
 * function: a duck-typed check for things like a Driver (`listNodes`), without importing them.
 * @throws FuncflowError `invalid_argument`.
 * @example requireObjectWith("serve", "driver", driver, ["listNodes", "execute"], "a built Driver (await builder.build())");
 */
export function requireObjectWith(where: string, argument: string, value: unknown, methods: readonly string[], expected: string): asserts value is object {
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isObject || methods.some((method) => typeof (value as Record<string, unknown>)[method] !== "function")) throw invalidArgument(where, argument, value, expected);
}

/**
 * Asserts an object (not null, not an array); class instances are accepted, unlike requirePlainRecord.
 * @throws FuncflowError `invalid_argument`.
 */
export function requireObject(where: string, argument: string, value: unknown, expected: string): asserts value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidArgument(where, argument, value, expected);
}

/**
 * Asserts a node list as `driver.listNodes()` returns it: an array of objects, each with a
 * string `name` and the array fields in `arrays` (checked by shape, so this layer needs no
 * graph types). A Driver passed where its node list belongs gets a hint.
 * @throws FuncflowError `invalid_argument` naming the argument, or the first bad entry (`nodes[2]`).
 * @example requireNodeList("criticalPath", "nodes", nodes);
 */
export function requireNodeList(where: string, argument: string, value: unknown, arrays: readonly string[] = ["dependencies"]): asserts value is readonly object[] {
  const expected = "the node list driver.listNodes() returns";
  if (!Array.isArray(value)) {
    const isDriver = typeof value === "object" && value !== null && typeof (value as { listNodes?: unknown }).listNodes === "function";
    throw invalidArgument(where, argument, value, expected, isDriver ? "Pass driver.listNodes(), not the driver." : "");
  }
  const bad = value.findIndex((node: unknown) => {
    if (typeof node !== "object" || node === null || typeof (node as { name?: unknown }).name !== "string") return true;
    return arrays.some((field) => !Array.isArray((node as Record<string, unknown>)[field]));
  });
  if (bad >= 0) throw invalidArgument(where, `${argument}[${bad}]`, value[bad], `a node as driver.listNodes() returns it (with name${arrays.map((field) => `, ${field}`).join("")})`);
}
