/**
 * The table modifiers expanded with the types their code implies: `extractColumns` gives each
 * column node the declared table's column type; `parameterizeExtractColumns` is parameterize then
 * extractColumns per `ParameterizedExtract`; `withColumns` embeds its modules' column functions as
 * a subdag does, with the passed columns typed from the table parameter's declared type.
 */
import { ts } from "ts-morph";
import { reachable } from "../graph/index.ts";
import { skipTypeWrappers } from "../scanner/index.ts";
import { columnNameAt, columnType, isUndeclaredArrowTable, isVectorColumn, type CheckedType } from "./checked-type.ts";
import { readBindings, stringOf, type DependencySyntax } from "./read-dependency.ts";
import { bind, findProperty, isAny, listedDrafts, madeParam, mapFinals, opaque, producerAt, readNames, renamed, typingsText, type Context, type Draft, type Param } from "./expand-drafts.ts";
import { modulePaths, namespaced, type SubdagInstance } from "./expand-subdag.ts";

/** The table node as `extracted` and one column node per listed name, typed from the declared table. */
export function extractColumns(args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
  const names = readNames(args[0]);
  return mapFinals(drafts, (draft) => {
    if (names === undefined) return [opaque(draft, "unreadable-modifier")];
    return [{ ...draft, role: "extracted" }, ...columnDrafts(draft, names.map((name) => [name, name]), args[0]!, context)];
  });
}

/** One draft per `[node, column of the table]`, typed as that column of the draft's declared table. */
function columnDrafts(draft: Draft, columns: readonly (readonly [string, string | undefined])[], at: ts.Expression, context: Context): Draft[] {
  const table = draft.returnType !== undefined && "flags" in draft.returnType ? draft.returnType : undefined;
  return columns.map(([node, column]): Draft => {
    const type = table === undefined || column === undefined ? undefined : columnType(context.checker, table, column, at);
    const child = renamed(draft, node);
    const typed = type !== undefined && !("flags" in type && isAny(type));
    // A column of an undeclared Table is written Vector<any> in the typings (as the graph types
    // it Vector), while its edges stay unchecked: nothing is known of its values.
    const written = typed || (table !== undefined && isUndeclaredArrowTable(context.checker, table));
    return {
      ...child,
      params: [],
      returnType: typed ? type : undefined,
      producer: typed ? producerAt(child, type, at, context) : undefined,
      typeText: written && draft.typeText !== undefined ? `ColumnOf<${draft.typeText}, ${JSON.stringify(column)}>` : undefined,
    };
  });
}

/**
 * Per `new ParameterizedExtract([cols], { bindings })`: the function under `<fn>__<i>` with the
 * bindings applied, and its columns; renamed by position (the default), output i has the type of
 * the declared table's i-th column.
 */
export function parameterizeExtractColumns(args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
  const first = args[0];
  const options = first !== undefined && ts.isObjectLiteralExpression(first) ? first : undefined;
  const reassignText = options === undefined ? undefined : findProperty(options, "reassignColumns");
  const reassign = reassignText === undefined || reassignText.kind !== ts.SyntaxKind.FalseKeyword;
  const extracts = args.slice(options === undefined ? 0 : 1).map(readParameterizedExtract);
  return mapFinals(drafts, (draft) => {
    if (extracts.some((extract) => extract === undefined) || (reassignText !== undefined && !isBooleanLiteral(reassignText))) return [opaque(draft, "unreadable-modifier")];
    const table = draft.returnType !== undefined && "flags" in draft.returnType ? draft.returnType : undefined;
    return extracts.flatMap((extract, index) => {
      const { outputs, bindings, at } = extract!;
      const tableDraft = { ...bind(renamed(draft, `${draft.ref.node}__${index}`), bindings, context), role: "extracted" };
      const columns = outputs.map((output, position) => [output, reassign ? (table === undefined ? undefined : columnNameAt(context.checker, table, position)) : output] as const);
      return [tableDraft, ...columnDrafts(tableDraft, columns, at, context)];
    });
  });
}

function isBooleanLiteral(expression: ts.Expression): boolean {
  return expression.kind === ts.SyntaxKind.TrueKeyword || expression.kind === ts.SyntaxKind.FalseKeyword;
}

/** `new ParameterizedExtract([names], { bindings })`, written as literals; undefined otherwise. */
function readParameterizedExtract(expression: ts.Expression): { outputs: string[]; bindings: ReadonlyMap<string, DependencySyntax>; at: ts.Expression } | undefined {
  const inner = skipTypeWrappers(expression);
  if (!ts.isNewExpression(inner) || !ts.isIdentifier(inner.expression) && !ts.isPropertyAccessExpression(inner.expression)) return undefined;
  const [names, mapping] = (inner.arguments ?? []).map((arg) => skipTypeWrappers(arg));
  const outputs = names === undefined || !ts.isArrayLiteralExpression(names) ? undefined : readNames(names);
  const bindings = mapping !== undefined && ts.isObjectLiteralExpression(mapping) ? readBindings(mapping) : undefined;
  return outputs === undefined || bindings === undefined ? undefined : { outputs, bindings, at: names! };
}

/** `withColumns`' options as written: literals only, else undefined (the function stays opaque). */
interface WithColumnsSyntax {
  readonly paths: readonly string[];
  /** The `functions: [f, g]` list, when the options have one. */
  readonly functions: ts.Expression | undefined;
  readonly columnsToPass: readonly string[] | undefined;
  readonly passDataframeAs: string | undefined;
  readonly onInput: string | undefined;
  readonly select: readonly string[] | undefined;
  readonly namespace: string | undefined;
}

function readWithColumns(options: ts.Expression | undefined, context: Context): WithColumnsSyntax | undefined {
  const object = options === undefined ? undefined : skipTypeWrappers(options);
  if (object === undefined || !ts.isObjectLiteralExpression(object)) return undefined;
  const functions = findProperty(object, "functions");
  const paths = modulePaths(findProperty(object, "modules"), context, functions !== undefined);
  const names = (key: string) => {
    const written = findProperty(object, key);
    const list = written === undefined ? undefined : readNames(constantOf(skipTypeWrappers(written), context));
    return written === undefined ? { ok: true, value: undefined } : { ok: list !== undefined, value: list };
  };
  const text = (key: string) => {
    const written = findProperty(object, key);
    return written === undefined ? { ok: true, value: undefined } : { ok: stringOf(written) !== undefined, value: stringOf(written) };
  };
  const [columnsToPass, select, passDataframeAs, onInput, namespace] = [names("columnsToPass"), names("select"), text("passDataframeAs"), text("onInput"), text("namespace")];
  if (paths === undefined || ![columnsToPass, select, passDataframeAs, onInput, namespace].every((read) => read.ok)) return undefined;
  return { paths, functions, columnsToPass: columnsToPass.value, select: select.value, passDataframeAs: passDataframeAs.value, onInput: onInput.value, namespace: namespace.value };
}

/** A `const` of this module named where a literal is expected (Hamilton's example passes `select=output_columns`): its initializer. */
function constantOf(expression: ts.Expression, context: Context): ts.Expression {
  if (!ts.isIdentifier(expression)) return expression;
  const declaration = context.checker.getSymbolAtLocation(expression)?.valueDeclaration;
  const isConst = declaration !== undefined && ts.isVariableDeclaration(declaration) && (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
  return isConst && declaration.initializer !== undefined && declaration.getSourceFile() === context.sourceFile ? skipTypeWrappers(declaration.initializer) : expression;
}

/** Declared column types: an Arrow `Vector<…>` (or a typed table's column) or a typed array, as the run-time graph decides from the type text. */
const COLUMN_SYMBOLS = new Set([
  "Vector", "Float32Array", "Float64Array", "Int8Array", "Int16Array", "Int32Array", "Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array", "BigInt64Array", "BigUint64Array",
]);

function isColumnType(type: CheckedType | undefined): boolean {
  if (type === undefined) return false;
  return isVectorColumn(type) || COLUMN_SYMBOLS.has(type.getSymbol()?.getName() ?? "");
}

/**
 * As the graph builds it: the modules' functions under `<ns>.` (pruned to what `select` needs),
 * `<ns>.<column>` per passed column (typed from the table parameter's declared type), the table
 * as `<ns>.<passDataframeAs>`, `<ns>._append` reading the table and the selected columns, and
 * the function reading `<ns>._append` in place of its table parameter.
 */
export function withColumns(args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
  const options = readWithColumns(args[0], context);
  return mapFinals(drafts, (draft) => {
    if (options === undefined) return [opaque(draft, "unreadable-modifier")];
    const modules = options.paths.map((path) => context.readSubdagModule?.(path));
    const listed = options.functions === undefined ? [] : listedDrafts(options.functions, context);
    if (modules.some((module) => module === undefined) || listed === undefined) return [opaque(draft, "subdag")];
    const table = draft.params.find((param) => param.name === (options.onInput ?? draft.params[0]?.name));
    if (table === undefined) return [opaque(draft, "unreadable-modifier")];
    const members = [...modules.flatMap((module) => module!.functions), ...listed];
    const namespace = options.namespace ?? draft.ref.node;
    // A column selected twice is appended once, as the graph does.
    const select = [...new Set(options.select ?? members.filter((member) => isColumnType(member.returnType)).map((member) => member.ref.node))];
    const kept = options.select === undefined ? members : upstreamDrafts(select, members);
    const read = new Set(kept.flatMap((member) => member.params.map((param) => param.name)));
    const passed = (options.columnsToPass ?? []).filter((column) => options.select === undefined || read.has(column) || select.includes(column));
    const local = new Set([...kept.map((member) => member.ref.node), ...passed, ...(options.passDataframeAs === undefined ? [] : [options.passDataframeAs])]);
    const instance: SubdagInstance = { namespace, finalName: draft.ref.node, inputs: new Map() };
    const at = args[0]!;
    const tableType = table.type !== undefined && !isVectorColumn(table.type) ? table.type : undefined;
    const tableText = typingsText(table.side());
    const made = (name: string, returnType: CheckedType | undefined, typeText: string | undefined): Draft => {
      const child = renamed(draft, `${namespace}.${name}`, "with-columns");
      return { ...child, params: [], returnType, producer: producerAt(child, returnType, at, context), typeText };
    };
    const columns = passed.map((column) => {
      const type = tableType === undefined ? undefined : columnType(context.checker, tableType, column, at);
      const written = type !== undefined || (tableType !== undefined && isUndeclaredArrowTable(context.checker, tableType));
      return made(column, type, written ? `ColumnOf<${tableText}, ${JSON.stringify(column)}>` : undefined);
    });
    const whole = options.passDataframeAs === undefined ? [] : [made(options.passDataframeAs, table.type, tableText)];
    const embedded = kept.map((member) => ({ ...namespaced(member, instance, local, context), role: "with-columns" }));
    const returnOf = new Map([...embedded, ...columns].map((node) => [node.ref.node, node.returnType]));
    const append = made("_append", table.type, tableText);
    const appendParams: Param[] = [
      { ...table, side: () => ({ ...table.side(), node: append.ref.node }) },
      ...select.map((column, index) => madeParam(append, `${namespace}.${column}`, column, index + 1, undefined, at, context)).map((param) => {
        const type = returnOf.get(param.name);
        return { ...param, type: type === undefined || (!isVectorColumn(type) && isAny(type)) ? undefined : type };
      }),
    ];
    const fed = { ...draft, params: draft.params.map((param) => (param === table ? { ...param, name: append.ref.node } : param)) };
    return [...columns, ...whole, ...embedded, { ...append, params: appendParams }, fed];
  });
}

/** The members `select` needs, walking parameters back among them (Hamilton's `prune_nodes`). */
function upstreamDrafts(select: readonly string[], members: readonly Draft[]): Draft[] {
  const byName = new Map(members.map((member) => [member.ref.node, member]));
  const needed = reachable(select, (name) => byName.get(name)?.params.map((param) => param.name) ?? []);
  return members.filter((member) => needed.has(member.ref.node));
}
