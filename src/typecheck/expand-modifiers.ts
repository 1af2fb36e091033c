/**
 * Looks through the modifiers around an exported function to the nodes they make, with the
 * types their code implies: the wrapped function's own types through config, tag, check and
 * doc modifiers; one node per `parameterize` output with its bindings applied; a field's type
 * for `extractFields`; a column's type for `extractColumns` over a typed table; each step's
 * return type for pipes and mutations; item types across `parallelizable`/`collect`. Bound
 * values are checked against the parameter they bind. `resolve`'s nodes are the ones the built
 * graph says config chose (`ResolvedNode`), typed from the wrapped function; without them its
 * function stays opaque (`config-resolved`). The table modifiers (`extractColumns`,
 * `parameterizeExtractColumns`, `withColumns`) expand in expand-columns.ts, subdags in
 * expand-subdag.ts; the drafts, their context and the helpers all of them share are in
 * expand-drafts.ts.
 */
import { ts } from "ts-morph";
import { skipTypeWrappers } from "../scanner/index.ts";
import type { CheckedType } from "./checked-type.ts";
import { nameSteps, stepBaseName, type StepNameOwner, type StepNameRequest } from "../graph/index.ts";
import { prefixOf, propertyKey, readBindings, readCallChain, readDependency, readStep, stepNameRequest, stringOf, type DependencySyntax, type StepSyntax } from "./read-dependency.ts";
import type { ResolvedNode } from "./resolved-node.ts";
import { bind, bindOne, findProperty, isAny, madeParam, mapFinals, opaque, producerAt, readNames, renamed, writtenOut, type Context, type Draft, type ExpandedModule, type Param, type SubdagModuleReader } from "./expand-drafts.ts";
import { subdag } from "./expand-subdag.ts";
import { extractColumns, parameterizeExtractColumns, withColumns } from "./expand-columns.ts";

export type { ExpandedModule, SubdagModuleReader } from "./expand-drafts.ts";

/** One exported function, read with its types, and the modifier calls around it (outermost first). */
export interface ExpandableFunction {
  readonly base: Draft;
  readonly modifierNames: readonly string[];
  readonly calls: readonly ts.CallExpression[];
}

/** Modifiers that keep the function's node, parameters and types as written. */
const TRANSPARENT = new Set([
  "configWhen", "configWhenNot", "configWhenIn", "configWhenNotIn", "configDefault", "tag", "tagOutputs", "schema",
  "cacheBehavior", "acceptErrorSentinels", "datasaver", "does",
]);
const BUILT_IN_CHECKS = new Set(["dataType", "range", "valuesIn", "allowNull", "allowNaN", "maxFractionNaN", "meanInRange", "maxStandardDev", "contains", "doesNotContain"]);

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
  listed: readonly ExpandableFunction[] = [],
): ExpandedModule {
  const exportedNames = new Set(functions.map((fn) => fn.base.ref.exportName));
  const context: Context = {
    checker,
    sourceFile,
    module,
    exportedNames,
    bindings: [],
    readSubdagModule,
    resolved: resolved === undefined ? undefined : byExportName(resolved, module),
    readListedFunction: (entry) => readListedFunction(entry, listed, context),
  };
  const isMutator = (fn: ExpandableFunction) => fn.modifierNames.includes("mutate");
  const targets = functions.filter((fn) => !isMutator(fn));
  const mutations = mutationsByTarget(functions.filter(isMutator), targets);
  const expanded = targets.flatMap((fn) => expandOne(fn, context, mutations.get(fn) ?? []));
  return { functions: expanded, bindings: context.bindings };
}

/** Expanded listed functions of this module per context, by local name (undefined while one expands: a list naming itself reads as opaque). */
const expandedListed = new WeakMap<Context, Map<string, Draft[] | undefined>>();

/**
 * The drafts a `functions` list entry names: a function this module declares, expanded as an
 * export is, or an export of another module (through the import the checker resolves).
 */
function readListedFunction(entry: ts.Expression, listed: readonly ExpandableFunction[], context: Context): Draft[] | undefined {
  const value = skipTypeWrappers(entry);
  const name = ts.isIdentifier(value) ? value : ts.isPropertyAccessExpression(value) ? value.name : undefined;
  let symbol = name === undefined ? undefined : context.checker.getSymbolAtLocation(name);
  if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = context.checker.getAliasedSymbol(symbol);
  const declaration = symbol?.declarations?.[0];
  if (symbol === undefined || declaration === undefined) return undefined;
  const file = declaration.getSourceFile();
  if (file !== context.sourceFile) {
    const drafts = context.readSubdagModule?.(file.fileName)?.functions.filter((draft) => draft.ref.exportName === symbol.name);
    return drafts === undefined || drafts.length === 0 ? undefined : drafts;
  }
  let expanded = expandedListed.get(context);
  if (expanded === undefined) expandedListed.set(context, (expanded = new Map()));
  if (expanded.has(symbol.name)) return expanded.get(symbol.name);
  const fn = listed.find((candidate) => candidate.base.ref.exportName === symbol.name);
  if (fn === undefined) return undefined;
  expanded.set(symbol.name, undefined);
  const drafts = expandOne(fn, context, []);
  expanded.set(symbol.name, drafts);
  return drafts;
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
    const declaredTypes = name === "extractFields" ? readFieldTypes(args[0]) : undefined;
    const fields = names.map((field, index): Draft => {
      const key = name === "unpackFields" ? String(index) : field;
      // As Hamilton's `@extract_fields({name: type})`, a field's declared type is its node's type.
      const declared = declaredTypes?.get(field);
      const declaredType = declared === undefined ? undefined : declaredFieldType(declared, at, context);
      const property = returned === undefined ? undefined : checker.getPropertyOfType(returned, key);
      const type = declaredType ?? (property === undefined ? undefined : checker.getTypeOfSymbolAtLocation(property, at));
      const child = renamed(draft, field);
      return {
        ...child,
        params: [],
        returnType: type === undefined || isAny(type) ? undefined : type,
        producer: producerAt(child, type, at, context),
        generic: draft.generic,
        typeText:
          draft.typeText === undefined || type === undefined
            ? undefined
            : // A return type with no such property (`Record<string, …>`) types the field only through its declared type.
              ((property === undefined && declaredType !== undefined ? writtenOut(checker, declaredType) : undefined) ?? `${draft.typeText}[${name === "unpackFields" ? index : JSON.stringify(field)}]`),
      };
    });
    return [{ ...draft, role: "extracted" }, ...fields];
  });
}

/** `extractFields({ a: "number", model: "Model" }, fn)`: each field's declared type text. */
function readFieldTypes(expression: ts.Expression | undefined): Map<string, string> | undefined {
  const inner = expression === undefined ? undefined : skipTypeWrappers(expression);
  if (inner === undefined || !ts.isObjectLiteralExpression(inner)) return undefined;
  const types = new Map<string, string>();
  for (const property of inner.properties) {
    const key = propertyKey(property);
    const text = ts.isPropertyAssignment(property) ? stringOf(property.initializer) : undefined;
    if (key !== undefined && text !== undefined) types.set(key, text.trim());
  }
  return types;
}

/**
 * The type a field's declared text names, where it can be read without evaluating type syntax: a
 * primitive keyword, or a non-generic class, interface or alias in scope (declared or imported in
 * the module). Anything else (`Vector<Float64>`, `Table`, a union) stays with the function's own
 * return type, as before.
 */
function declaredFieldType(text: string, at: ts.Node, context: Context): ts.Type | undefined {
  const { checker } = context;
  const keywords: Record<string, () => ts.Type> = {
    string: () => checker.getStringType(),
    number: () => checker.getNumberType(),
    boolean: () => checker.getBooleanType(),
    bigint: () => checker.getBigIntType(),
  };
  if (keywords[text] !== undefined) return keywords[text]();
  if (!/^[A-Za-z_$][\w$]*$/.test(text)) return undefined;
  const local = checker.getSymbolsInScope(at, ts.SymbolFlags.Type | ts.SymbolFlags.Alias | ts.SymbolFlags.ExportValue).find((candidate) => candidate.name === text);
  if (local === undefined) return undefined;
  // An exported declaration is in scope as its local stand-in: the type is on the export symbol.
  const symbol = checker.getExportSymbolOfSymbol(local);
  const target = (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol;
  if ((target.flags & ts.SymbolFlags.Type) === 0) return undefined;
  const generic = (target.declarations ?? []).some(
    (declaration) => (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)) && (declaration.typeParameters?.length ?? 0) > 0,
  );
  return generic ? undefined : checker.getDeclaredTypeOfSymbol(target);
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
  // `applyTo(t, { … })` binds for this target; otherwise (no bindings, or `{}`, as Hamilton's
  // empty apply_to kwargs) mutate's own bindings apply.
  const own = ts.isCallExpression(chain.base) ? chain.base.arguments[1] : undefined;
  const read = own === undefined ? shared : ts.isObjectLiteralExpression(skipTypeWrappers(own)) ? readBindings(skipTypeWrappers(own) as ts.ObjectLiteralExpression) : undefined;
  const bindings = own !== undefined && read?.size === 0 ? shared : read;
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
