/**
 * Object and tuple outputs split into nodes: `extractFields` makes one node per field of the
 * object a function returns, `unpackFields` one node per position of the tuple. The function's
 * own node stays, and each field node reads it.
 */
import { FuncflowError, listNames, optionKeys } from "../errors/index.ts";
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { arrayElementType, tupleMembers } from "./tuple-type.ts";
import { finalNodes, groupOf } from "./node-targets.ts";
import { optionsProblem } from "./options-problem.ts";

/** Field names, or field name → type text (the type shown in `listNodes` and DOT). */
export type FieldList = readonly string[] | Readonly<Record<string, string>>;

/** Options of `extractFields`. */
export interface ExtractFieldsOptions {
  /** A missing field takes this value instead of failing. */
  readonly fillWith?: unknown;
}

/** The keys of ExtractFieldsOptions, checked against the interface by the compiler. */
export const EXTRACT_FIELDS_OPTION_KEYS = optionKeys<ExtractFieldsOptions>({ fillWith: true });

interface Field {
  readonly name: string;
  readonly type: string | undefined;
}

/**
 * One node per field of the returned object, named exactly as the field. Without a field list,
 * the fields come from the declared return type (an object type literal, or an interface or type
 * alias declared in the module or imported from a relative module), read by the scanner.
 * @throws FuncflowError `invalid_modifier` at build when no fields are given or declared;
 *   at run time a field node whose field is missing fails (`missing_field` naming the field and
 *   the fields the object has), unless `fillWith` is set.
 * @example
 * export const stats = extractFields({ mean: "number", max: "number" }, (xs: number[]) => ({ mean: avg(xs), max: Math.max(...xs) }));
 */
export function extractFields<F extends NodeFunction>(fn: F): F;
export function extractFields<F extends NodeFunction>(fields: FieldList, fn: F): F;
export function extractFields<F extends NodeFunction>(fields: FieldList, options: ExtractFieldsOptions, fn: F): F;
export function extractFields<F extends NodeFunction>(...args: readonly unknown[]): F {
  const fn = args[args.length - 1] as F;
  const fields = args.length > 1 ? readFieldList(args[0]) : [];
  const options = (args.length > 2 ? args[1] : {}) as ExtractFieldsOptions;
  const problem = args.length > 1 && fields === undefined ? `extractFields: fields must be a list of names or a record of name → type, got ${JSON.stringify(args[0])}` : optionsProblem("extractFields", options, EXTRACT_FIELDS_OPTION_KEYS);
  const modifier: NodeModifier = {
    kind: "extractFields",
    phase: "transform",
    repeatable: false,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const node = singleFinal(nodes, context, "extractFields");
      if (isScalarOrArrayType(node.type)) {
        context.fail(`extractFields splits an object into fields, but "${node.name}" is declared to return ${node.type}. Return an object ({ a: …, b: … }) or remove extractFields.`);
      }
      const declared = context.entry.returnFields?.map((field) => ({ name: field.name, type: field.type })) ?? [];
      const chosen = fields !== undefined && fields.length > 0 ? fields : declared;
      // As Hamilton checks a TypedDict: a field the declared object type lacks is never there.
      // Only for a type written inline: the scanner skips index signatures of named types.
      const closed = declared.length > 0 && node.type.trim().startsWith("{") && !hasIndexSignature(node.type);
      const unknown = closed ? chosen.filter((field) => !declared.some((known) => known.name === field.name)) : [];
      if (unknown.length > 0) {
        context.fail(
          `extractFields lists ${listNames(unknown.map((field) => field.name))}, which the declared return type of "${node.name}" (${node.type}) does not have; it has ${listNames(declared.map((field) => field.name))}. Add the field to the type, or list only its fields.`,
        );
      }
      if (chosen.length === 0) {
        const imported = context.entry.returnFieldsProblem;
        context.fail(
          imported === undefined
            ? `extractFields lists no fields, and the declared return type of "${node.name}" names none the scanner could read.${namedTypeHint(node.type)} Pass them: extractFields(["a", "b"], fn), or declare the return type as an object type such as { a: number; b: string }.`
            : `extractFields lists no fields, and the fields of the declared return type of "${node.name}" (${node.type}) could not be read: ${imported}, or pass them: extractFields(["a", "b"], fn).`,
        );
      }
      const typeOf = (field: Field) => field.type ?? declared.find((known) => known.name === field.name)?.type ?? "unknown";
      const made = chosen.map((field) => fieldNode(node, field.name, typeOf(field), context, readField(field.name, node.name, options)));
      return splice(nodes, node, context, made);
    },
  };
  return applyModifier(modifier, fn);
}

/**
 * Why a return type written as a name gave no fields when no import was involved (the scanner
 * says why an imported one could not be followed): it is neither declared in the module nor
 * imported, or it is declared in a way the scanner does not read (a mapped or conditional
 * type, `Omit<…>`).
 */
function namedTypeHint(type: string): string {
  const name = /^(?:Promise<\s*)?([A-Za-z_$][\w$.]*)(?:<.*>)?\s*>?$/s.exec(type.trim())?.[1];
  if (name === undefined || ["Record", "Map", "object", "Object", "unknown", "any", "Promise"].includes(name)) return "";
  return ` "${name}" is not an object type the scanner can read: it reads a type literal, or an interface or type alias declared in this module or imported from a relative module.`;
}

/**
 * One node per position of the returned tuple, named by `names` in order.
 * @throws FuncflowError `invalid_modifier` at build for an empty or repeated name list.
 * @example export const bounds = unpackFields(["low", "high"], (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)]);
 */
export function unpackFields<F extends NodeFunction>(names: readonly string[], fn: F): F {
  const valid = Array.isArray(names) && names.length > 0 && names.every((name) => typeof name === "string" && name !== "");
  const repeated = valid ? names.find((name, index) => names.indexOf(name) !== index) : undefined;
  const problem = !valid
    ? `unpackFields: the first argument must be a non-empty list of node names, e.g. ["low", "high"]`
    : repeated !== undefined
      ? `unpackFields: the name "${repeated}" appears twice`
      : undefined;
  const modifier: NodeModifier = {
    kind: "unpackFields",
    phase: "transform",
    repeatable: false,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const node = singleFinal(nodes, context, "unpackFields");
      if (NOT_RECORDS.has(node.type.trim()) || /^(\{|Record<|Map<|Set<|Partial<|Readonly<\{)/.test(node.type.trim())) {
        context.fail(`unpackFields splits a tuple, but "${node.name}" is declared to return ${node.type}. Return a tuple such as [low, high] or remove unpackFields.`);
      }
      const declaredCount = fixedTupleLength(node.type);
      if (declaredCount !== undefined && declaredCount < names.length) {
        context.fail(`unpackFields names ${names.length} nodes (${listNames(names)}), but "${node.name}" returns a tuple of ${declaredCount} (${node.type}). Name at most ${declaredCount}, or return a longer tuple.`);
      }
      const types = tupleElementTypes(node.type, names.length);
      const made = names.map((name, index) => fieldNode(node, name, types[index] ?? "unknown", context, readPosition(index, names.length, node.name)));
      return splice(nodes, node, context, made);
    },
  };
  return applyModifier(modifier, fn);
}

function readFieldList(fields: unknown): Field[] | undefined {
  if (Array.isArray(fields)) return fields.every((name) => typeof name === "string" && name !== "") ? fields.map((name: string) => ({ name, type: undefined })) : undefined;
  if (typeof fields !== "object" || fields === null) return undefined;
  const entries = Object.entries(fields);
  // A type is the TypeScript type text ("number"); anything else (a class, a function) is a mistake.
  if (!entries.every(([name, type]) => name !== "" && typeof type === "string")) return undefined;
  return entries.map(([name, type]) => ({ name, type: type as string }));
}

/**
 * True for a declared type that cannot be split into named parts: a scalar (`number`, `void`, …),
 * an array or a tuple.
 * @example isScalarOrArrayType("number[]"); // true; isScalarOrArrayType("Table"); // false
 */
export function isScalarOrArrayType(type: string): boolean {
  const text = type.trim();
  return NOT_RECORDS.has(text) || arrayElementType(text) !== undefined || tupleMembers(text) !== undefined;
}

/**
 * True for a declared scalar type (`number`, `string`, `void`, …).
 * @example isScalarType("number"); // true; isScalarType("number[]"); // false
 */
export function isScalarType(type: string): boolean {
  return NOT_RECORDS.has(type.trim());
}

/** An object type with an index signature (`{ [key: string]: number }`) may hold any field. */
function hasIndexSignature(type: string): boolean {
  return /\[\s*\w+\s*:/.test(type);
}


/**
 * The one node a splitting modifier splits.
 * @example const node = singleFinal(nodes, context, "extractFields");
 */
export function singleFinal(nodes: readonly NodeSpec[], context: ModifierContext, kind: string): NodeSpec {
  const targets = finalNodes(nodes);
  if (targets.length !== 1) {
    context.fail(`${kind} splits one node, but this function makes ${targets.length} (${listNames(targets.map((n) => n.name))}). Apply ${kind} nearer the function.`);
  }
  return targets[0]!;
}

function fieldNode(base: NodeSpec, name: string, type: string, context: ModifierContext, read: (value: unknown) => unknown): NodeSpec {
  return {
    ...base,
    name,
    fn: read as NodeSpec["fn"],
    params: [{ name: base.name, type: base.type, optional: false }],
    type,
    // As Hamilton: a field takes the function's doc; a function without one gets a generated doc.
    doc: base.doc ?? `The "${name}" field of ${base.name}.`,
    isAsync: false,
    group: groupOf(base, context),
  };
}

function splice(nodes: readonly NodeSpec[], base: NodeSpec, context: ModifierContext, made: readonly NodeSpec[]): NodeSpec[] {
  const grouped: NodeSpec = { ...base, group: groupOf(base, context) };
  return nodes.flatMap((node) => (node === base ? [grouped, ...made] : [node]));
}

function readField(field: string, source: string, options: ExtractFieldsOptions): (value: unknown) => unknown {
  const fill = options !== null && typeof options === "object" && Object.hasOwn(options, "fillWith");
  return (value) => {
    if (value !== null && typeof value === "object" && Object.hasOwn(value, field)) return (value as Record<string, unknown>)[field];
    if (fill) return options.fillWith;
    const present = value !== null && typeof value === "object" ? Object.keys(value) : [];
    throw new FuncflowError(
      "missing_field",
      `extractFields: the value of "${source}" has no field "${field}"; ${present.length > 0 ? `it has ${listNames(present)}` : `it is ${value === null ? "null" : typeof value}`}. Return the field, or pass { fillWith } to extractFields.`,
      { node: field, details: { field, fields: present, source } },
    );
  };
}

function readPosition(index: number, count: number, source: string): (value: unknown) => unknown {
  return (value) => {
    if (Array.isArray(value) && value.length >= count) return value[index];
    throw new FuncflowError(
      "type_mismatch",
      `unpackFields: the value of "${source}" should be a tuple of ${count}, but it is ${Array.isArray(value) ? `an array of ${value.length}` : value === null ? "null" : typeof value}. Return [${Array.from({ length: count }, (_, i) => `v${i}`).join(", ")}].`,
      { node: source, details: { expected: count } },
    );
  };
}

/** Declared return types that are neither objects nor tuples. */
const NOT_RECORDS = new Set(["number", "string", "boolean", "bigint", "symbol", "void", "undefined", "null", "never"]);

/** The length of a fixed tuple type without optional or rest elements, else undefined. */
function fixedTupleLength(type: string): number | undefined {
  const trimmed = type.trim().replace(/^readonly\s+/, "");
  if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) return undefined;
  if (trimmed.includes("...") || trimmed.includes("?")) return undefined;
  return tupleMembers(trimmed)?.length;
}

/** `[number, string]` → `["number", "string"]`; anything else → no types. */
function tupleElementTypes(type: string, count: number): string[] {
  const members = tupleMembers(type);
  // A prefix of a fixed tuple is fine (Hamilton's unpack_fields("A") of Tuple[int, str, int]).
  if (members !== undefined) return members.length >= count && !members.slice(0, count).some((member) => member.startsWith("...")) ? members.slice(0, count) : [];
  // An array is Hamilton's Tuple[int, ...]: every position has the element type.
  const element = arrayElementType(type);
  return element === undefined ? [] : Array.from({ length: count }, () => element);
}
