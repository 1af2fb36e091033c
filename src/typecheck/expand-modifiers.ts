/**
 * Looks through the modifiers around an exported function to the nodes they make, with the
 * types their code implies: the wrapped function's own types through config, tag, check and
 * doc modifiers; one node per `parameterize` output with its bindings applied; a field's type
 * for `extractFields`; a column's type for `extractColumns` over a typed table; each step's
 * return type for pipes and mutations; item types across `parallelizable`/`collect`. Bound
 * values are checked against the parameter they bind. `resolve`'s nodes are the ones the built
 * graph says config chose (`ResolvedNode`), typed from the wrapped function; without them its
 * function stays opaque (`config-resolved`). `parameterizeExtractColumns` is parameterize then
 * extractColumns; `withColumns` embeds its modules' column functions as a subdag does, with the
 * passed columns typed from the table parameter's declared type.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { ts } from "ts-morph";
import { skipTypeWrappers } from "../scanner/index.ts";
import { checkedTypeText, columnNameAt, columnType, isVectorColumn, type CheckedType } from "./checked-type.ts";
import type { ConsumerSide, ProducerSide, SourcePosition, UncheckedReason } from "./edge-type-report.ts";
import type { BindingCheck, TypedFunction, TypedParam } from "./match-edges.ts";
import { nameSteps, stepBaseName, type StepNameOwner, type StepNameRequest } from "../graph/index.ts";
import { prefixOf, propertyKey, readBindings, readCallChain, readDependency, readStep, stepNameRequest, stringOf, type DependencySyntax, type StepSyntax } from "./read-dependency.ts";
import type { ResolvedNode } from "./resolved-node.ts";

type Draft = TypedFunction<CheckedType>;
type Param = TypedParam<CheckedType>;

/** What expanding one module's functions produced. */
export interface ExpandedModule {
  readonly functions: Draft[];
  readonly bindings: BindingCheck<CheckedType>[];
}

/** One exported function, read with its types, and the modifier calls around it (outermost first). */
export interface ExpandableFunction {
  readonly base: Draft;
  readonly modifierNames: readonly string[];
  readonly calls: readonly ts.CallExpression[];
}

/**
 * Reads another module a subdag reuses: its expanded functions, or undefined when it is not in
 * the Program yet (the caller then adds it and checks again).
 */
export type SubdagModuleReader = (path: string) => ExpandedModule | undefined;

interface Context {
  readonly readSubdagModule: SubdagModuleReader | undefined;
  readonly checker: ts.TypeChecker;
  readonly sourceFile: ts.SourceFile;
  readonly module: string;
  readonly exportedNames: ReadonlySet<string>;
  readonly bindings: BindingCheck<CheckedType>[];
  /** This module's `resolve`-made nodes by export, when the built graph was given. */
  readonly resolved: ReadonlyMap<string, readonly ResolvedNode[]> | undefined;
}

/** Modifiers that keep the function's node, parameters and types as written. */
const TRANSPARENT = new Set([
  "configWhen", "configWhenNot", "configWhenIn", "configWhenNotIn", "configDefault", "tag", "tagOutputs", "schema",
  "cacheBehavior", "acceptErrorSentinels", "datasaver", "does",
]);
const BUILT_IN_CHECKS = new Set(["dataType", "range", "valuesIn", "allowNull", "allowNaN", "maxFractionNaN", "meanInRange"]);

/**
 * Expands every function of one module: `functions` in source order, each with its modifiers.
 * Mutations (`mutate`) rewrite the nodes of the functions they target, so they run last.
 */
export function expandModule(
  functions: readonly ExpandableFunction[],
  checker: ts.TypeChecker,
  sourceFile: ts.SourceFile,
  module: string,
  readSubdagModule?: SubdagModuleReader,
  resolved?: readonly ResolvedNode[],
): ExpandedModule {
  const exportedNames = new Set(functions.map((fn) => fn.base.ref.exportName));
  const context: Context = { checker, sourceFile, module, exportedNames, bindings: [], readSubdagModule, resolved: resolved === undefined ? undefined : byExportName(resolved, module) };
  const isMutator = (fn: ExpandableFunction) => fn.modifierNames.includes("mutate");
  const targets = functions.filter((fn) => !isMutator(fn));
  const mutations = mutationsByTarget(functions.filter(isMutator), targets);
  const expanded = targets.flatMap((fn) => expandOne(fn, context, mutations.get(fn) ?? []));
  return { functions: expanded, bindings: context.bindings };
}

/** Each mutated function's mutations, in source order (they become one pipe, as at run time). */
function mutationsByTarget(mutators: readonly ExpandableFunction[], targets: readonly ExpandableFunction[]): Map<ExpandableFunction, Mutation[]> {
  const byTarget = new Map<ExpandableFunction, Mutation[]>();
  for (const mutator of mutators) {
    const call = mutator.calls[mutator.modifierNames.indexOf("mutate")]!;
    const [list, shared] = call.arguments.slice(0, -1).map((arg) => skipTypeWrappers(arg));
    const sharedBindings = shared === undefined ? NO_BINDINGS : ts.isObjectLiteralExpression(shared) ? readBindings(shared) : undefined;
    const read = (expression: ts.Expression) => readMutationTarget(expression, sharedBindings);
    const written = list === undefined ? [] : ts.isArrayLiteralExpression(list) ? list.elements.map(read) : [read(list)];
    for (const { target: name, ...naming } of written) {
      // An identifier names an export; a string names a node (every variant of it).
      for (const target of targets.filter((fn) => fn.base.ref.exportName === name || fn.base.ref.node === name)) {
        byTarget.set(target, [...(byTarget.get(target) ?? []), { mutator, ...naming }]);
      }
    }
  }
  return byTarget;
}

function byExportName(resolved: readonly ResolvedNode[], module: string): Map<string, ResolvedNode[]> {
  const nodes = new Map<string, ResolvedNode[]>();
  for (const node of resolved) {
    if (node.module !== module) continue;
    const list = nodes.get(node.exportName);
    if (list === undefined) nodes.set(node.exportName, [node]);
    else list.push(node);
  }
  return nodes;
}

/** The phase each node-making modifier acts in (see graph/modifier.ts); config and tag modifiers change no node. */
const PHASES = ["create", "inject", "expand", "transform", "decorate"] as const;
const PHASE_OF = new Map<string, (typeof PHASES)[number]>([
  ["does", "create"], ["dataloader", "create"], ["datasaver", "create"], ["subdag", "create"], ["parameterizedSubdag", "create"],
  ["inject", "inject"], ["loadFrom", "inject"], ["pipeInput", "inject"],
  ["parameterize", "expand"], ["parameterizeSources", "expand"], ["parameterizeValues", "expand"], ["parameterizeExtractColumns", "expand"], ["withColumns", "inject"],
  ["checkOutput", "transform"], ["checkOutputCustom", "transform"], ["extractColumns", "transform"], ["extractFields", "transform"],
  ["unpackFields", "transform"], ["pipeOutput", "transform"], ["saveTo", "transform"],
  ["cacheBehavior", "decorate"], ["acceptErrorSentinels", "decorate"], ["parallelizable", "decorate"], ["collect", "decorate"], ["schema", "decorate"], ["tagOutputs", "decorate"], ["tag", "decorate"],
]);
const TRANSFORM = PHASES.indexOf("transform");

/** A modifier's phase as a rank; one funcflow does not know acts where it is written, among the transforms. */
function phaseRank(name: string): number {
  return PHASES.indexOf(PHASE_OF.get(name) ?? "transform");
}

/**
 * Applies the modifiers phase by phase (create → inject → expand → transform → decorate),
 * innermost first within a phase, as the run-time graph does whatever order they are written
 * in; mutations of the function are one pipe that acts first among the transforms.
 */
function expandOne(fn: ExpandableFunction, context: Context, mutations: readonly Mutation[]): Draft[] {
  // The graph's nodes already include every other modifier of the function (and mutations of it).
  const resolved = fn.modifierNames.includes("resolve") ? context.resolved?.get(fn.base.ref.exportName) : undefined;
  if (resolved !== undefined) return resolved.map((node) => resolvedDraft(fn.base, node, resolved));
  const order = fn.calls
    .map((call, index) => ({ call, index, name: fn.modifierNames[index]! }))
    .filter(({ name }) => !TRANSPARENT.has(name))
    .sort((a, b) => phaseRank(a.name) - phaseRank(b.name) || b.index - a.index);
  let drafts: Draft[] = [fn.base];
  // As at run time: mutations extend the function's first output pipe, else follow its last transform.
  const pipe = order.findIndex(({ name }) => name === "pipeOutput");
  const mutateAfter = pipe !== -1 ? pipe : order.findLastIndex(({ name }) => phaseRank(name) <= TRANSFORM);
  if (mutateAfter === -1) drafts = applyMutations(drafts, mutations, context);
  for (const [position, { name, call }] of order.entries()) {
    drafts = applyModifier(name, call, drafts, context);
    if (position === mutateAfter) drafts = applyMutations(drafts, mutations, context);
  }
  return drafts;
}

function applyModifier(name: string, call: ts.CallExpression, drafts: Draft[], context: Context): Draft[] {
  const args = call.arguments.slice(0, -1).map((arg) => skipTypeWrappers(arg));
  switch (name) {
    case "checkOutput":
    case "checkOutputCustom":
      return checkOutput(name, args, drafts);
    case "parameterize":
    case "parameterizeSources":
    case "parameterizeValues":
      return parameterize(name, args, drafts, context);
    case "inject":
      return mapFinals(drafts, (draft) => {
        const bindings = args[0] !== undefined && ts.isObjectLiteralExpression(args[0]) ? readBindings(args[0]) : undefined;
        return [bindings === undefined ? opaque(draft, "unreadable-modifier") : bind(draft, bindings, context)];
      });
    case "extractFields":
    case "unpackFields":
      return extractFields(name, args, call, drafts, context);
    case "extractColumns":
      return extractColumns(args, drafts, context);
    case "parameterizeExtractColumns":
      return parameterizeExtractColumns(args, drafts, context);
    case "pipeOutput":
      return pipeOutput(args, drafts, context);
    case "pipeInput":
      return pipeInput(args, drafts, context);
    case "parallelizable":
      return mapFinals(drafts, (draft) => [{ ...draft, returnType: draft.returnType === undefined ? undefined : itemType(context.checker, draft.returnType) }]);
    case "collect":
      return mapFinals(drafts, (draft) => [collectParam(draft, stringOf(args[0]), context.checker)]);
    case "loadFrom":
      return mapFinals(drafts, (draft) => loadFrom(draft, args[0]));
    case "dataloader":
      return mapFinals(drafts, (draft) => dataloader(draft, call, context));
    case "saveTo":
      return mapFinals(drafts, (draft) => [draft, saveNode(draft, args[0], context)]);
    case "resolve":
      return drafts.map((draft) => opaque(draft, "config-resolved"));
    case "subdag":
    case "parameterizedSubdag":
      return subdag(name, args, drafts, context);
    case "withColumns":
      return withColumns(args, drafts, context);
    default:
      return drafts.map((draft) => opaque(draft, "unknown-modifier"));
  }
}

// ── Helpers over drafts ───────────────────────────────────────────────────────────────────

function mapFinals(drafts: readonly Draft[], map: (draft: Draft) => Draft[]): Draft[] {
  return drafts.flatMap((draft) => (draft.role === undefined ? map(draft) : [draft]));
}

function opaque(draft: Draft, reason: UncheckedReason): Draft {
  return { ...draft, transparent: false, opaqueReason: reason, typeText: undefined };
}

/** The draft as another node: its report sides name that node. */
function renamed(draft: Draft, node: string, role?: string): Draft {
  // Another node is no pipe's end.
  const { role: _role, pipedFrom: _pipedFrom, ...rest } = draft;
  const producer = draft.producer;
  return {
    ...rest,
    ref: { ...draft.ref, node },
    producer: producer === undefined ? undefined : () => ({ ...producer(), node }),
    params: draft.params.map((param) => ({ ...param, side: () => ({ ...param.side(), node }) })),
    ...(role !== undefined && { role }),
  };
}

function positionOf(node: ts.Node, context: Context): SourcePosition {
  const { line, character } = context.sourceFile.getLineAndCharacterOfPosition(node.getStart(context.sourceFile));
  return { file: context.module, line: line + 1, column: character + 1 };
}

/** A producer made by a modifier: its type and place as the report shows them. */
function producerAt(draft: Draft, type: CheckedType | undefined, at: ts.Node, context: Context): (() => ProducerSide) | undefined {
  if (type === undefined) return undefined;
  return () => ({ ...draft.ref, type: checkedTypeText(context.checker, type, at), position: positionOf(at, context) });
}

/** A parameter a modifier adds (a step's piped value, a `source()` in a step or a group); `typeText` types it in the typings. */
function madeParam(draft: Draft, name: string, param: string, paramIndex: number, type: ts.Type | undefined, at: ts.Node, context: Context, typeText?: string): Param {
  const side = (): ConsumerSide => ({
    ...draft.ref,
    param,
    paramIndex,
    type: type === undefined ? "unknown" : checkedTypeText(context.checker, type, at),
    optional: false,
    position: positionOf(at, context),
    typeText: typeText ?? (type === undefined ? "unknown" : (writtenOut(context.checker, type) ?? "unknown")),
  });
  return { name, optional: false, type: type === undefined || isAny(type) ? undefined : type, generic: false, side };
}

/** A parameter's type in the typings: its own text, or the export's declared parameter. */
function typingsText(side: ConsumerSide): string {
  return side.typeText ?? `Parameters<typeof {M}.${side.exportName}>[${side.paramIndex}]`;
}

function isAny(type: ts.Type): boolean {
  return (type.flags & ts.TypeFlags.Any) !== 0;
}

// ── resolve ───────────────────────────────────────────────────────────────────────────────

/** Roles whose value is the wrapped function's own return value. */
const FUNCTION_VALUED_ROLES = new Set([undefined, "raw", "extracted"]);

/**
 * One node config chose for a `resolve`-wrapped function. It has the function's types when the
 * graph shows it calls the function itself: a final, `raw` or `extracted` node reading only the
 * function's parameters (by name, or renamed by `source(…)`), never a sibling such as a step or
 * a checked value. Any other node is left to the run-time graph (`config-resolved`).
 */
function resolvedDraft(base: Draft, node: ResolvedNode, siblings: readonly ResolvedNode[]): Draft {
  const draft = { ...renamed(base, node.node, node.role), doc: node.doc ?? base.doc };
  const declared = new Map(draft.params.map((param) => [param.name, param]));
  const sibling = new Set(siblings.map((other) => other.node));
  const callsFunction = FUNCTION_VALUED_ROLES.has(node.role) && node.parallel === undefined && !node.params.some((param) => sibling.has(param.name));
  const params = node.params.map((param, paramIndex): Param => {
    const own = declared.get(param.boundFrom ?? param.name);
    if (own !== undefined && callsFunction) return { ...own, name: param.name };
    // A group's part, or a parameter of a node that does not call the function: its type is not in the source.
    const position = own?.side().position ?? draft.producer?.().position ?? { file: draft.ref.module, line: 1, column: 1 };
    return {
      name: param.name,
      optional: param.optional,
      type: undefined,
      generic: false,
      side: () => ({ ...draft.ref, param: param.name, paramIndex, type: "unknown", optional: param.optional, position }),
    };
  });
  return callsFunction ? { ...draft, params } : { ...opaque(draft, "config-resolved"), params, returnType: undefined, producer: undefined };
}

// ── Bindings ──────────────────────────────────────────────────────────────────────────────

/** Applies `{ param: dependency }` to a draft's parameters; bound values are checked against their parameter. */
function bind(draft: Draft, bindings: ReadonlyMap<string, DependencySyntax>, context: Context): Draft {
  const params: Param[] = [];
  for (const param of draft.params) {
    const dependency = bindings.get(param.name);
    if (dependency === undefined) params.push(param);
    else params.push(...bindOne(draft, param, dependency, param.type, context));
  }
  return { ...draft, params };
}

/** The parameters one binding leaves: a renamed edge for `source`, none for a checked `value`. */
function bindOne(
  draft: Draft,
  param: Param,
  dependency: DependencySyntax,
  target: CheckedType | undefined,
  context: Context,
  targetText?: (side: ConsumerSide) => string,
): Param[] {
  const { checker } = context;
  switch (dependency.kind) {
    case "source":
    case "configuration": {
      const name = dependency.kind === "source" ? dependency.node : dependency.key;
      if (target === param.type) return [{ ...param, name }];
      const side = () => {
        const base = param.side();
        return { ...base, type: target === undefined ? "unknown" : checkedTypeText(checker, target, dependency.at), typeText: targetText?.(base) ?? "unknown" };
      };
      return [{ ...param, name, type: target !== undefined && "flags" in target && isAny(target) ? undefined : target, side }];
    }
    case "value": {
      const source = checker.getTypeAtLocation(dependency.value);
      if (target !== undefined && !isAny(source)) {
        context.bindings.push({
          source,
          target,
          generic: param.generic,
          producer: () => ({
            ...draft.ref,
            expression: dependency.at.getText(context.sourceFile),
            type: checker.typeToString(source, dependency.at),
            position: positionOf(dependency.at, context),
          }),
          consumer: () => ({ ...param.side(), type: checkedTypeText(checker, target, dependency.at) }),
        });
      }
      return [];
    }
    case "group": {
      const targetType = target === undefined || !("flags" in target) ? undefined : target;
      if (dependency.fields !== undefined) {
        return [...dependency.fields].flatMap(([key, item]) => {
          const property = targetType === undefined ? undefined : checker.getPropertyOfType(targetType, key);
          const type = property === undefined ? undefined : checker.getTypeOfSymbolAtLocation(property, dependency.at);
          return bindOne(draft, param, item, type, context, (side) => `${typingsText(side)}[${JSON.stringify(key)}]`);
        });
      }
      const element = targetType === undefined ? undefined : checker.getIndexTypeOfType(targetType, ts.IndexKind.Number);
      return dependency.items.flatMap((item) => bindOne(draft, param, item, element, context, (side) => `${typingsText(side)}[number]`));
    }
    case "unreadable":
      return [{ ...param, type: undefined }];
  }
}

// ── checkOutput ───────────────────────────────────────────────────────────────────────────

/** `<t>_raw` computes, one `<t>_<check>_validator` per built-in check reads it, `<t>` passes it on. */
function checkOutput(name: string, args: readonly ts.Expression[], drafts: Draft[]): Draft[] {
  const options = name === "checkOutput" ? args[0] : args[1];
  const object = options !== undefined && ts.isObjectLiteralExpression(options) ? options : undefined;
  const target = object === undefined ? undefined : stringOf(findProperty(object, "target"));
  const checks = object === undefined ? [] : object.properties.map(propertyKey).filter((key): key is string => key !== undefined && BUILT_IN_CHECKS.has(key));
  return drafts.flatMap((draft) => {
    const chosen = target === undefined ? draft.role === undefined : draft.ref.node === target;
    if (!chosen) return [draft];
    const validators = checks.map((check): Draft => ({
      ...renamed(draft, `${draft.ref.node}_${check}_validator`, "validator"),
      returnType: undefined,
      producer: undefined,
      params: [],
      typeText: 'import("funcflow").DataValidationResult',
    }));
    // The gate passes the value on after the checks: it ends no pipe.
    const { pipedFrom: _pipedFrom, ...gate } = draft;
    return [renamed(draft, `${draft.ref.node}_raw`, "raw"), ...validators, { ...gate, params: [] }];
  });
}

function findProperty(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = object.properties.find((candidate) => propertyKey(candidate) === name);
  return property !== undefined && ts.isPropertyAssignment(property) ? property.initializer : undefined;
}

// ── parameterize ──────────────────────────────────────────────────────────────────────────

function parameterize(name: string, args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
  const outputs = readOutputs(name, args);
  return mapFinals(drafts, (draft) => {
    if (outputs === undefined) return [opaque(draft, "unreadable-modifier")];
    return [...outputs].map(([output, bindings]) => bind(renamed(draft, output), bindings, context));
  });
}

/** Output name → bindings, for the three parameterize forms; undefined when not written as literals. */
function readOutputs(name: string, args: readonly ts.Expression[]): Map<string, ReadonlyMap<string, DependencySyntax>> | undefined {
  const [first, second] = args;
  const outputs = new Map<string, ReadonlyMap<string, DependencySyntax>>();
  if (name === "parameterizeValues") {
    const parameter = stringOf(first);
    if (parameter === undefined || second === undefined || !ts.isObjectLiteralExpression(second)) return undefined;
    for (const property of second.properties) {
      const key = propertyKey(property);
      if (key === undefined || !ts.isPropertyAssignment(property)) return undefined;
      outputs.set(key, new Map([[parameter, { kind: "value", value: property.initializer, at: property.initializer }]]));
    }
    return outputs;
  }
  if (first === undefined || !ts.isObjectLiteralExpression(first)) return undefined;
  for (const property of first.properties) {
    const key = propertyKey(property);
    if (key === undefined || !ts.isPropertyAssignment(property)) return undefined;
    let spec = skipTypeWrappers(property.initializer);
    if (ts.isArrayLiteralExpression(spec) && spec.elements[0] !== undefined) spec = skipTypeWrappers(spec.elements[0]);
    if (!ts.isObjectLiteralExpression(spec)) return undefined;
    const bindings =
      name === "parameterizeSources"
        ? new Map(spec.properties.map((p) => [propertyKey(p) ?? "", sourceOf(p)] as const))
        : readBindings(spec);
    if (bindings === undefined) return undefined;
    outputs.set(key, bindings);
  }
  return outputs;
}

function sourceOf(property: ts.ObjectLiteralElementLike): DependencySyntax {
  const node = ts.isPropertyAssignment(property) ? stringOf(property.initializer) : undefined;
  const at = ts.isPropertyAssignment(property) ? property.initializer : (property as unknown as ts.Expression);
  return node === undefined ? { kind: "unreadable", at } : { kind: "source", node, at };
}

// ── extractFields, unpackFields, extractColumns ───────────────────────────────────────────

function extractFields(name: string, args: readonly ts.Expression[], call: ts.CallExpression, drafts: Draft[], context: Context): Draft[] {
  const { checker } = context;
  return mapFinals(drafts, (draft) => {
    const returned = draft.returnType !== undefined && "flags" in draft.returnType ? draft.returnType : undefined;
    const listed = readNames(args[0]);
    const names = name === "unpackFields" ? listed : (listed ?? returned?.getProperties().map((property) => property.name));
    if (names === undefined) return [opaque(draft, "unreadable-modifier")];
    const at: ts.Node = args[0] ?? call;
    const fields = names.map((field, index): Draft => {
      const key = name === "unpackFields" ? String(index) : field;
      const property = returned === undefined ? undefined : checker.getPropertyOfType(returned, key);
      const type = property === undefined ? undefined : checker.getTypeOfSymbolAtLocation(property, at);
      const child = renamed(draft, field);
      return {
        ...child,
        params: [],
        returnType: type === undefined || isAny(type) ? undefined : type,
        producer: producerAt(child, type, at, context),
        generic: draft.generic,
        typeText: draft.typeText === undefined || type === undefined ? undefined : `${draft.typeText}[${name === "unpackFields" ? index : JSON.stringify(field)}]`,
      };
    });
    return [{ ...draft, role: "extracted" }, ...fields];
  });
}

/**
 * As at run time: the function's `[data, metadata]` is the node `<fn>.loader`, and `<fn>` is the
 * data alone, so consumers of `<fn>` are checked against the pair's first element.
 */
function dataloader(draft: Draft, call: ts.CallExpression, context: Context): Draft[] {
  const pair = draft.returnType !== undefined && "flags" in draft.returnType ? draft.returnType : undefined;
  const first = pair === undefined ? undefined : context.checker.getPropertyOfType(pair, "0");
  const type = first === undefined ? undefined : context.checker.getTypeOfSymbolAtLocation(first, call);
  const data = renamed(draft, draft.ref.node);
  return [
    renamed(draft, `${draft.ref.node}.loader`, "loader"),
    {
      ...data,
      params: [],
      returnType: type === undefined || isAny(type) ? undefined : type,
      producer: producerAt(data, type, call, context),
      typeText: draft.typeText === undefined || type === undefined ? undefined : `${draft.typeText}[0]`,
    },
  ];
}

/** `["a", "b"]` or `{ a: "number", … }` (the keys), as written. */
function readNames(expression: ts.Expression | undefined): string[] | undefined {
  if (expression === undefined) return undefined;
  if (ts.isArrayLiteralExpression(expression)) {
    const names = expression.elements.map((element) => {
      const inner = skipTypeWrappers(element);
      return ts.isArrayLiteralExpression(inner) ? stringOf(inner.elements[0]) : stringOf(inner);
    });
    return names.every((name) => name !== undefined) ? (names as string[]) : undefined;
  }
  if (ts.isObjectLiteralExpression(expression)) {
    const names = expression.properties.map(propertyKey);
    return names.every((name) => name !== undefined) ? (names as string[]) : undefined;
  }
  return undefined;
}

function extractColumns(args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
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
    return {
      ...child,
      params: [],
      returnType: typed ? type : undefined,
      producer: typed ? producerAt(child, type, at, context) : undefined,
      typeText: typed && draft.typeText !== undefined ? `ColumnOf<${draft.typeText}, ${JSON.stringify(column)}>` : undefined,
    };
  });
}

// ── parameterizeExtractColumns ────────────────────────────────────────────────────────────

/**
 * Per `new ParameterizedExtract([cols], { bindings })`: the function under `<fn>__<i>` with the
 * bindings applied, and its columns; renamed by position (the default), output i has the type of
 * the declared table's i-th column.
 */
function parameterizeExtractColumns(args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
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

// ── Pipes and mutations ───────────────────────────────────────────────────────────────────

/** One step's signature as the checker reads its function. */
function stepSignature(step: StepSyntax, context: Context): ts.Signature | undefined {
  return context.checker.getTypeAtLocation(step.fn).getCallSignatures()[0];
}

function awaited(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  if (checker.getPropertyOfType(type, "then") === undefined) return type;
  return checker.getAwaitedType(type) ?? type;
}

/** A step's node reading `from` (the piped value) and its own `source()` arguments. */
function stepNode(template: Draft, name: string, from: string, step: StepSyntax, context: Context): Draft {
  const { checker } = context;
  const signature = stepSignature(step, context);
  const parameterTypes = signature?.getParameters().map((symbol) => checker.getTypeOfSymbolAtLocation(symbol, step.fn)) ?? [];
  const node = renamed(template, name, "step");
  // A step function this module exports types its parameters in the typings by name.
  const fn = skipTypeWrappers(step.fn);
  const exported = ts.isIdentifier(fn) && context.exportedNames.has(fn.text) ? fn.text : undefined;
  const textOf = (index: number) => (exported === undefined ? undefined : `Parameters<typeof {M}.${exported}>[${index}]`);
  const params: Param[] = [madeParam(node, from, "(piped value)", 0, parameterTypes[0], step.at, context, textOf(0))];
  step.args.forEach((arg, index) => {
    const target = parameterTypes[index + 1];
    const param = madeParam(node, `arg${index + 1}`, `argument ${index + 1}`, index + 1, target, arg.at, context, textOf(index + 1));
    params.push(...bindOne(node, param, arg, param.type, context));
  });
  const returned = signature === undefined ? undefined : awaited(checker, checker.getReturnTypeOfSignature(signature));
  const generic = (signature?.getTypeParameters()?.length ?? 0) > 0;
  return {
    ...node,
    params,
    generic,
    returnType: returned === undefined || isAny(returned) ? undefined : returned,
    producer: producerAt(node, returned, step.fn, context),
    typeText: returned === undefined ? undefined : stepTypeText(step, returned, context),
  };
}

/** A step function this module exports is named in the typings; a simple type is written out; else unknown. */
function stepTypeText(step: StepSyntax, returned: ts.Type, context: Context): string | undefined {
  const fn = skipTypeWrappers(step.fn);
  if (ts.isIdentifier(fn) && context.exportedNames.has(fn.text)) return `Awaited<ReturnType<typeof {M}.${fn.text}>>`;
  return writtenOut(context.checker, returned);
}

const SIMPLE = ts.TypeFlags.Number | ts.TypeFlags.String | ts.TypeFlags.Boolean | ts.TypeFlags.BigInt | ts.TypeFlags.Null |
  ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.NumberLiteral | ts.TypeFlags.StringLiteral | ts.TypeFlags.BooleanLiteral;

/** A type that needs no import to be written (primitives, literals and unions of them). */
function writtenOut(checker: ts.TypeChecker, type: ts.Type): string | undefined {
  const members = type.isUnion() ? type.types : [type];
  return members.every((member) => (member.flags & SIMPLE) !== 0) ? checker.typeToString(type) : undefined;
}

/**
 * The names a function's drafts already have, and whether a step has each: the plain data the
 * step-naming rule (graph's `nameSteps`, shared with the run-time graph) reads.
 */
function takenNames(drafts: readonly Draft[], raw?: Draft): Map<string, StepNameOwner> {
  const taken = new Map<string, StepNameOwner>();
  for (const draft of raw === undefined ? drafts : [...drafts, raw]) {
    taken.set(draft.ref.node, draft.role === "step" ? "pipe-step" : { description: `the node "${draft.ref.node}"` });
  }
  return taken;
}

/** A pipe's options object (before its steps), when written as a literal. */
function pipeOptions(args: readonly ts.Expression[]): ts.ObjectLiteralExpression | undefined {
  return args.find(ts.isObjectLiteralExpression);
}

/** A pipe's `namespace` option: a prefix, `null` for none, undefined for the node's name; `unreadable` when not a literal. */
function pipeNamespace(options: ts.ObjectLiteralExpression | undefined): string | null | undefined | typeof UNREADABLE {
  const written = options === undefined ? undefined : findProperty(options, "namespace");
  if (written === undefined) return undefined;
  const prefix = prefixOf(written);
  return prefix === undefined ? UNREADABLE : prefix;
}

const UNREADABLE = Symbol("unreadable");

/** The steps of a pipe as written, and what names each (undefined for a step whose name cannot be read). */
function pipeSteps(args: readonly ts.Expression[]): { chain: StepSyntax[]; requests: (StepNameRequest | undefined)[] } {
  const chain = args.map(readStep).filter((step): step is StepSyntax => step !== undefined);
  return { chain, requests: chain.map(stepNameRequest) };
}

/**
 * `<t>.raw` → steps → `<t>`, the last step's value under the node's own name, for each final
 * node in turn: as at run time, a later node's steps are named after the earlier ones'.
 */
function pipeOutput(args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
  const { chain, requests } = pipeSteps(args);
  const namespace = pipeNamespace(pipeOptions(args));
  let result = drafts;
  for (const draft of drafts) {
    if (draft.role !== undefined) continue;
    const replaced = chainOutput(draft, chain, requests, namespace === undefined ? draft.ref.node : namespace, result, context);
    result = result.flatMap((other) => (other === draft ? replaced : [other]));
  }
  return result;
}

function chainOutput(
  draft: Draft,
  chain: readonly StepSyntax[],
  requests: readonly (StepNameRequest | undefined)[],
  prefix: string | null | typeof UNREADABLE,
  nodes: readonly Draft[],
  context: Context,
): Draft[] {
  if (chain.length === 0) return [draft];
  if (prefix === UNREADABLE || requests.some((request) => request === undefined)) return [opaque(draft, "unreadable-modifier")];
  if (numberedByConfig(chain, requests as StepNameRequest[], prefix)) return [opaque(draft, "config-resolved")];
  // The end of an earlier output pipe (a mutation's): the steps extend it, as at run time.
  const raw = draft.pipedFrom === undefined ? renamed(draft, `${draft.ref.node}.raw`, "raw") : undefined;
  const from = draft.pipedFrom ?? raw!.ref.node;
  const naming = nameSteps(requests as StepNameRequest[], { prefix, from, taken: takenNames(nodes, raw) });
  // The run-time graph refuses this pipe: no name is made up for its steps.
  if (naming.collision !== undefined) return [opaque(draft, "step-name-collision")];
  const steps = chainSteps(draft, chain, naming.names, from, context);
  const last = steps.at(-1)!;
  return [...(raw === undefined ? [] : [raw]), ...steps, { ...draft, params: [], returnType: last.returnType, producer: last.producer, generic: last.generic, typeText: last.typeText, pipedFrom: last.ref.node }];
}

/**
 * True when config decides a step's number: an unnamed conditional step followed by an unnamed
 * step of the same name is `_1` or unnumbered depending on whether the first runs, which the
 * static check (without config) cannot tell.
 */
function numberedByConfig(chain: readonly StepSyntax[], requests: readonly StepNameRequest[], prefix: string | null): boolean {
  const unnumbered = requests.map((request) => {
    const own = request.namespace === undefined ? prefix : request.namespace;
    const base = stepBaseName(request.functionName);
    return request.name !== undefined ? undefined : own === null ? base : `${own}.${base}`;
  });
  return chain.some((step, i) => step.conditional && unnumbered[i] !== undefined && unnumbered.slice(i + 1).includes(unnumbered[i]));
}

/** One step node per name, each reading the previous one; the first reads `from`. */
function chainSteps(template: Draft, chain: readonly StepSyntax[], names: readonly string[], from: string, context: Context): Draft[] {
  let previous = from;
  return chain.map((step, index) => {
    const node = stepNode(template, names[index]!, previous, step, context);
    previous = node.ref.node;
    return node;
  });
}

/** The piped parameter reads the last step; the first step reads what the parameter named. */
function pipeInput(args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
  const { chain, requests } = pipeSteps(args);
  const options = pipeOptions(args);
  const input = chain.find((step) => step.input !== undefined)?.input ?? (options === undefined ? undefined : stringOf(findProperty(options, "onInput")));
  const namespace = pipeNamespace(options);
  return mapFinals(drafts, (draft) => {
    const index = input === undefined ? 0 : draft.params.findIndex((param) => param.name === input);
    const param = draft.params[index];
    if (param === undefined || chain.length === 0) return [draft];
    if (namespace === UNREADABLE || requests.some((request) => request === undefined)) return [opaque(draft, "unreadable-modifier")];
    const prefix = namespace === undefined ? draft.ref.node : namespace;
    if (numberedByConfig(chain, requests as StepNameRequest[], prefix)) return [opaque(draft, "config-resolved")];
    const naming = nameSteps(requests as StepNameRequest[], { prefix, from: param.name, taken: takenNames(drafts) });
    if (naming.collision !== undefined) return [opaque(draft, "step-name-collision")];
    const steps = chainSteps(draft, chain, naming.names, param.name, context);
    const last = steps.at(-1)!.ref.node;
    const params = draft.params.map((p, i) => (i === index ? { ...p, name: last } : p));
    return [...steps, { ...draft, params }];
  });
}

/** One `mutate` of a function: the transform, and the name its step takes there (`applyTo(t).named(…)`). */
interface Mutation {
  readonly mutator: ExpandableFunction;
  /** The `.named(…)` name; undefined for `with_<transform>`. */
  readonly name: string | undefined;
  /** `.named(name, namespace)`'s prefix: a string, `null` for none, undefined for the target's name. */
  readonly namespace: string | null | undefined;
  /** True when `.named(…)`, `.onOutput(…)` or the bindings are not literals the check can read. */
  readonly nameUnreadable: boolean;
  /** `.onOutput(…)`: the nodes of the target it acts on; undefined for the target's final nodes. */
  readonly onOutput: readonly string[] | undefined;
  /** What the transform's parameters after the first are bound to (`applyTo(t, {…})`, else mutate's own). */
  readonly bindings: ReadonlyMap<string, DependencySyntax>;
}

const NO_BINDINGS: ReadonlyMap<string, DependencySyntax> = new Map();

/**
 * `mutate(target, fn)`, every mutation of one function together: each final node `t` becomes
 * `t.raw` → `t.with_<mutator>` (or `t.<name>`) → … → `t`, the last mutator's value under the
 * node's own name. A mutation's step is always named, so a name taken twice is refused, as at
 * run time.
 */
function applyMutations(drafts: Draft[], mutations: readonly Mutation[], context: Context): Draft[] {
  if (mutations.length === 0) return drafts;
  const unreadable = mutations.some((mutation) => mutation.nameUnreadable);
  let result = drafts;
  for (const draft of drafts) {
    if (draft.role === "raw" || draft.role === "step") continue;
    // An untargeted mutation acts on the final nodes; `.onOutput(…)` on the nodes it names.
    const aimed = mutations.filter(({ onOutput }) => (onOutput === undefined ? draft.role === undefined : onOutput.includes(draft.ref.node)));
    if (aimed.length === 0) continue;
    const steps = unreadable ? undefined : mutationSteps(aimed);
    const replaced = unreadable ? [opaque(draft, "unreadable-modifier")] : steps === undefined ? [opaque(draft, "config-resolved")] : mutationChain(draft, steps, result, context);
    result = result.flatMap((other) => (other === draft ? replaced : [other]));
  }
  return result;
}

/** A mutation's step name before the prefix: `applyTo(t).named(…)`'s, or `with_<transform>`. */
function mutationStepName(mutation: Mutation): string {
  return mutation.name ?? stepBaseName(mutation.mutator.base.ref.node);
}

/**
 * The pipe's steps in order, each with the mutations that may make it: config variants of one
 * transform (`clip__a`, `clip__b`, written one after the other) are one step with a producer
 * each, as other config variants are one node. Undefined when config alone decides the steps'
 * names or order: variants named differently, or split by another transform.
 */
function mutationSteps(mutations: readonly Mutation[]): Mutation[][] | undefined {
  const steps: Mutation[][] = [];
  for (const mutation of mutations) {
    const last = steps.at(-1);
    const variant = last !== undefined && last[0]!.mutator.base.ref.node === mutation.mutator.base.ref.node && !last.some((other) => other.mutator === mutation.mutator);
    if (variant) last.push(mutation);
    else steps.push([mutation]);
  }
  if (steps.some((step) => step.some((mutation) => mutationStepName(mutation) !== mutationStepName(step[0]!) || mutation.namespace !== step[0]!.namespace))) return undefined;
  const transforms = (step: readonly Mutation[]) => new Set(step.map(({ mutator }) => mutator));
  for (const [i, step] of steps.entries()) {
    for (const later of steps.slice(i + 1)) {
      if (later[0]!.mutator.base.ref.node !== step[0]!.mutator.base.ref.node) continue;
      // One transform applied twice (`mutate([f, f], …)`) is a name collision; variants split apart are config's to order.
      const [mine, theirs] = [transforms(step), transforms(later)];
      if (mine.size !== theirs.size || [...mine].some((mutator) => !theirs.has(mutator))) return undefined;
    }
  }
  return steps;
}

function mutationChain(draft: Draft, steps: readonly (readonly Mutation[])[], nodes: readonly Draft[], context: Context): Draft[] {
  const requests = steps.map(([first]): StepNameRequest => ({ name: mutationStepName(first!), functionName: first!.mutator.base.ref.node, namespace: first!.namespace }));
  // The end of the function's output pipe: the mutations extend it, as at run time.
  const raw = draft.pipedFrom === undefined ? renamed(draft, `${draft.ref.node}.raw`, "raw") : undefined;
  const from = draft.pipedFrom ?? raw!.ref.node;
  const naming = nameSteps(requests, { prefix: draft.ref.node, from, taken: takenNames(nodes, raw ?? draft) });
  if (naming.collision !== undefined) return [opaque(draft, "step-name-collision")];
  const made: Draft[] = raw === undefined ? [] : [raw];
  let previous = from;
  for (const [index, variants] of steps.entries()) {
    const name = naming.names[index]!;
    for (const { mutator, bindings } of variants) {
      const stepDraft = renamed(mutator.base, name, "step");
      const [piped, ...rest] = stepDraft.params;
      const bound = bindings.size === 0 ? rest : bind({ ...stepDraft, params: rest }, bindings, context).params;
      made.push({ ...stepDraft, params: [...(piped === undefined ? [] : [{ ...piped, name: previous }]), ...bound] });
    }
    previous = name;
  }
  const last = made.at(-1)!;
  return [...made, { ...draft, params: [], returnType: last.returnType, producer: last.producer, generic: last.generic, typeText: last.typeText, pipedFrom: last.ref.node }];
}

/** A target of `mutate` as written (`f`, `"f"`, `applyTo(f, …)`, `applyTo(f).named("n").when(…)`). */
function readMutationTarget(expression: ts.Expression, shared: ReadonlyMap<string, DependencySyntax> | undefined): Omit<Mutation, "mutator"> & { target: string | undefined } {
  const chain = readCallChain(expression);
  const onOutput = chain.outputWritten ? outputNames(chain.output) : undefined;
  // `applyTo(t, { … })` binds for this target; otherwise mutate's own bindings apply.
  const own = ts.isCallExpression(chain.base) ? chain.base.arguments[1] : undefined;
  const bindings = own === undefined ? shared : ts.isObjectLiteralExpression(skipTypeWrappers(own)) ? readBindings(skipTypeWrappers(own) as ts.ObjectLiteralExpression) : undefined;
  const unreadable = chain.nameUnreadable || (chain.outputWritten && onOutput === undefined) || bindings === undefined;
  return { target: targetName(chain.base), name: chain.name, namespace: chain.namespace, nameUnreadable: unreadable, onOutput, bindings: bindings ?? NO_BINDINGS };
}

/** `.onOutput("a")` or `.onOutput(["a", "b"])`, as written. */
function outputNames(expression: ts.Expression | undefined): readonly string[] | undefined {
  if (expression === undefined) return undefined;
  const inner = skipTypeWrappers(expression);
  const one = stringOf(inner);
  if (one !== undefined) return [one];
  return ts.isArrayLiteralExpression(inner) ? readNames(inner) : undefined;
}

function targetName(expression: ts.Expression): string | undefined {
  const inner = skipTypeWrappers(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (ts.isCallExpression(inner) && inner.arguments[0] !== undefined) return targetName(inner.arguments[0]);
  return undefined;
}

// ── Parallel blocks, loading and saving ───────────────────────────────────────────────────

/** What each run of the block receives: `T` of `Iterable<T>`, `AsyncIterable<T>`, `T[]`, `Set<T>`. */
function itemType(checker: ts.TypeChecker, type: CheckedType): CheckedType | undefined {
  if (!("flags" in type)) return undefined;
  const members = type.isUnion() ? type.types : [type];
  for (const member of members) {
    const element = checker.getIndexTypeOfType(member, ts.IndexKind.Number);
    if (element !== undefined) return element;
    if ((member.flags & ts.TypeFlags.Object) !== 0 && (member as ts.TypeReference).target !== undefined) {
      const [argument] = checker.getTypeArguments(member as ts.TypeReference);
      if (argument !== undefined) return argument;
    }
  }
  return undefined;
}

/** The collecting parameter receives one value per item: each must fit its element type. */
function collectParam(draft: Draft, named: string | undefined, checker: ts.TypeChecker): Draft {
  const index = named === undefined ? 0 : draft.params.findIndex((param) => param.name === named);
  return {
    ...draft,
    params: draft.params.map((param, i) => {
      if (i !== index || param.type === undefined || !("flags" in param.type)) return param;
      const element = checker.getIndexTypeOfType(param.type, ts.IndexKind.Number);
      return { ...param, type: element };
    }),
  };
}

/**
 * The loaded parameter (`inject`, or the only one) is filled by the loader, not by a node: the
 * loader's nodes `<t>.load_data.<p>` (data and metadata) and `<t>.select_data.<p>` (the data).
 */
function loadFrom(draft: Draft, options: ts.Expression | undefined): Draft[] {
  const named = options !== undefined && ts.isObjectLiteralExpression(options) ? stringOf(findProperty(options, "inject")) : undefined;
  const index = named === undefined ? 0 : draft.params.findIndex((param) => param.name === named);
  const param = draft.params[index];
  if (param === undefined) return [draft];
  const data = `Parameters<typeof {M}.${draft.ref.exportName}>[${index}]`;
  const helper = (name: string, typeText: string): Draft => ({
    ...renamed(draft, `${draft.ref.node}.${name}.${param.name}`, "loader"),
    params: [],
    returnType: undefined,
    producer: undefined,
    generic: false,
    typeText,
  });
  return [
    helper("load_data", `[${data}, import("funcflow").LoadMetadata]`),
    helper("select_data", data),
    { ...draft, params: draft.params.filter((_, i) => i !== index) },
  ];
}

/** `save.<t>`, reading `<t>` and the path (a `source()` path is an input of type string). */
function saveNode(draft: Draft, options: ts.Expression | undefined, context: Context): Draft {
  const save = renamed(draft, `save.${draft.ref.node}`, "saver");
  const path = options !== undefined && ts.isObjectLiteralExpression(options) ? findProperty(options, "path") : undefined;
  const dependency = path === undefined ? undefined : readDependency(path);
  const params =
    dependency?.kind === "source" ? [madeParam(save, dependency.node, "path", 0, context.checker.getStringType(), dependency.at, context)] : [];
  return { ...save, params, returnType: undefined, producer: undefined, generic: false, typeText: 'import("funcflow").SaveMetadata' };
}

// ── Subdags ───────────────────────────────────────────────────────────────────────────────

/** One use of the reused modules: its namespace, final node name and inputs. */
interface SubdagInstance {
  readonly namespace: string;
  readonly finalName: string;
  readonly inputs: ReadonlyMap<string, DependencySyntax>;
}

/**
 * The reused modules' nodes under `<ns>.`, reading the subdag's inputs (a `source` is an edge
 * from the outer node, a literal is checked against the parameters it fills), and the wrapped
 * function as the final node reading them.
 */
function subdag(name: string, args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
  const [options, perInstance] = args;
  const shared = options !== undefined && ts.isObjectLiteralExpression(options) ? options : undefined;
  const paths = shared === undefined ? undefined : modulePaths(findProperty(shared, "modules"), context);
  return mapFinals(drafts, (draft) => {
    const instances = readInstances(name, shared, perInstance, draft);
    const modules = paths?.map((path) => context.readSubdagModule?.(path));
    if (instances === undefined || modules === undefined || modules.some((module) => module === undefined)) return [opaque(draft, "subdag")];
    const members = modules.flatMap((module) => module!.functions);
    const local = new Set(members.map((member) => member.ref.node));
    return instances.flatMap((instance) => [
      ...members.map((member) => namespaced(member, instance, local, context)),
      ...inputNodes(draft, instance, members),
      {
        ...renamed(draft, instance.finalName),
        params: draft.params.map((param) => (local.has(param.name) ? { ...param, name: `${instance.namespace}.${param.name}` } : param)),
      },
    ]);
  });
}

function readInstances(name: string, shared: ts.ObjectLiteralExpression | undefined, perInstance: ts.Expression | undefined, draft: Draft): SubdagInstance[] | undefined {
  if (shared === undefined) return undefined;
  const sharedInputs = readInputs(findProperty(shared, "inputs"));
  if (sharedInputs === undefined) return undefined;
  if (name === "subdag") {
    const namespace = stringOf(findProperty(shared, "namespace")) ?? draft.ref.node;
    return [{ namespace, finalName: stringOf(findProperty(shared, "finalNodeName")) ?? draft.ref.node, inputs: sharedInputs }];
  }
  if (perInstance === undefined || !ts.isObjectLiteralExpression(perInstance)) return undefined;
  const instances: SubdagInstance[] = [];
  for (const property of perInstance.properties) {
    const key = propertyKey(property);
    if (key === undefined || !ts.isPropertyAssignment(property)) return undefined;
    const settings = skipTypeWrappers(property.initializer);
    const own = ts.isObjectLiteralExpression(settings) ? readInputs(findProperty(settings, "inputs")) : undefined;
    if (own === undefined) return undefined;
    instances.push({ namespace: key, finalName: key, inputs: new Map([...sharedInputs, ...own]) });
  }
  return instances;
}

/** `{ name: source("x") | value(v) | literal }`; absent is none. */
function readInputs(expression: ts.Expression | undefined): Map<string, DependencySyntax> | undefined {
  if (expression === undefined) return new Map();
  const object = skipTypeWrappers(expression);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  const inputs = new Map<string, DependencySyntax>();
  for (const property of object.properties) {
    const key = propertyKey(property);
    if (key === undefined || !ts.isPropertyAssignment(property)) return undefined;
    inputs.set(key, readDependency(property.initializer, true));
  }
  return inputs;
}

/** `[new URL("./m.ts", import.meta.url), …]` as absolute paths; undefined for anything else. */
function modulePaths(expression: ts.Expression | undefined, context: Context): string[] | undefined {
  const list = expression === undefined ? undefined : skipTypeWrappers(expression);
  if (list === undefined || !ts.isArrayLiteralExpression(list)) return undefined;
  const paths = list.elements.map((element) => {
    const inner = skipTypeWrappers(element);
    if (!ts.isNewExpression(inner) || !ts.isIdentifier(inner.expression) || inner.expression.text !== "URL") return undefined;
    const [relative, base] = inner.arguments ?? [];
    const isImportMetaUrl = base !== undefined && ts.isPropertyAccessExpression(base) && ts.isMetaProperty(base.expression) && base.name.text === "url";
    const text = stringOf(relative);
    return text === undefined || !isImportMetaUrl ? undefined : fileURLToPath(new URL(text, pathToFileURL(context.module)));
  });
  return paths.every((path) => path !== undefined) ? (paths as string[]) : undefined;
}

/** A reused module's node under the namespace; its typings name its own module. */
function namespaced(member: Draft, instance: SubdagInstance, local: ReadonlySet<string>, context: Context): Draft {
  const moved = renamed(member, `${instance.namespace}.${member.ref.node}`);
  const params = moved.params.flatMap((param): Param[] => {
    if (local.has(param.name)) return [{ ...param, name: `${instance.namespace}.${param.name}` }];
    const input = instance.inputs.get(param.name);
    return input === undefined ? [param] : bindOne(moved, param, input, param.type, context);
  });
  const typeText = member.typeText?.split("{M}").join(`{F:${member.ref.module}}`);
  return { ...moved, params, typeText };
}

/**
 * `<ns>.<input>` nodes: what the subdag's inputs hold, typed as the first reused function that
 * declares a parameter of that name takes it (the value the subdag passes must fit it, which
 * the binding checks).
 */
function inputNodes(draft: Draft, instance: SubdagInstance, members: readonly Draft[]): Draft[] {
  return [...instance.inputs.keys()].map((key) => ({
    ...renamed(draft, `${instance.namespace}.${key}`, "subdag-input"),
    params: [],
    returnType: undefined,
    producer: undefined,
    generic: false,
    typeText: declaredParamType(members, key),
  }));
}

/** `Parameters<typeof M.f>[i]` for the first function declaring parameter `name` as written (not one a modifier made or renamed). */
function declaredParamType(members: readonly Draft[], name: string): string | undefined {
  for (const member of members) {
    if (member.role !== undefined || !member.transparent) continue;
    for (const param of member.params) {
      if (param.name !== name || param.type === undefined) continue;
      const side = param.side();
      if (side.param === name) return `Parameters<typeof {F:${member.ref.module}}.${member.ref.exportName}>[${side.paramIndex}]`;
    }
  }
  return undefined;
}

// ── withColumns ───────────────────────────────────────────────────────────────────────────

/** `withColumns`' options as written: literals only, else undefined (the function stays opaque). */
interface WithColumnsSyntax {
  readonly paths: readonly string[];
  readonly columnsToPass: readonly string[] | undefined;
  readonly passDataframeAs: string | undefined;
  readonly onInput: string | undefined;
  readonly select: readonly string[] | undefined;
  readonly namespace: string | undefined;
}

function readWithColumns(options: ts.Expression | undefined, context: Context): WithColumnsSyntax | undefined {
  const object = options === undefined ? undefined : skipTypeWrappers(options);
  if (object === undefined || !ts.isObjectLiteralExpression(object)) return undefined;
  const paths = modulePaths(findProperty(object, "modules"), context);
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
  return { paths, columnsToPass: columnsToPass.value, select: select.value, passDataframeAs: passDataframeAs.value, onInput: onInput.value, namespace: namespace.value };
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
function withColumns(args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
  const options = readWithColumns(args[0], context);
  return mapFinals(drafts, (draft) => {
    if (options === undefined) return [opaque(draft, "unreadable-modifier")];
    const modules = options.paths.map((path) => context.readSubdagModule?.(path));
    if (modules.some((module) => module === undefined)) return [opaque(draft, "subdag")];
    const table = draft.params.find((param) => param.name === (options.onInput ?? draft.params[0]?.name));
    if (table === undefined) return [opaque(draft, "unreadable-modifier")];
    const members = modules.flatMap((module) => module!.functions);
    const namespace = options.namespace ?? draft.ref.node;
    const select = options.select ?? members.filter((member) => isColumnType(member.returnType)).map((member) => member.ref.node);
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
      return made(column, type, type === undefined ? undefined : `ColumnOf<${tableText}, ${JSON.stringify(column)}>`);
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
  const needed = new Set<string>();
  const stack = [...select];
  while (stack.length > 0) {
    const name = stack.pop()!;
    const member = byName.get(name);
    if (member === undefined || needed.has(name)) continue;
    needed.add(name);
    for (const param of member.params) stack.push(param.name);
  }
  return members.filter((member) => needed.has(member.ref.node));
}
