/**
 * Reads each exported function of a checked module into the types edge checks need: the
 * awaited return type and each parameter's accepted type, from the TypeScript checker.
 */
import { ts } from "ts-morph";
import type { ManifestFunction, ManifestProblem } from "../manifest/index.ts";
import { variantNodeName } from "../graph/index.ts";
import { collectExports, type FunctionSite, parseModule, type ParsedModule, readSignature, skipTypeWrappers } from "../scanner/index.ts";
import { stringOf } from "./read-dependency.ts";
import { findProperty, UNNAMEABLE_TYPE_TEXT } from "./expand-drafts.ts";
import type { FunctionRef, SourcePosition } from "./edge-type-report.ts";
import type { CheckedType } from "./checked-type.ts";
import { expandModule, type ExpandedModule, type SubdagModuleReader } from "./expand-modifiers.ts";
import type { TypedFunction, TypedParam } from "./match-edges.ts";
import type { ResolvedNode } from "./resolved-node.ts";

/**
 * Modifiers that keep a function's node, parameters and types as written. Any other modifier
 * may rename, bind or multiply nodes, so its function's edges are left to the run-time graph.
 */
const TRANSPARENT_MODIFIERS = new Set(["configWhen", "configWhenNot", "configWhenIn", "configWhenNotIn", "configDefault", "tag", "acceptErrorSentinels"]);

const TYPE_TEXT_FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

/** True when every modifier around the function keeps its node as written. */
export function isTransparent(entry: ManifestFunction): boolean {
  return entry.modifiers.every((modifier) => TRANSPARENT_MODIFIERS.has(modifier.name));
}

const CONFIG_WRAPPERS = new Set(["configWhen", "configWhenNot", "configWhenIn", "configWhenNotIn"]);
/** `{ name: "x" }` as the manifest keeps a config wrapper's options (JavaScript has no checked calls). */
const NAME_OPTION_TEXT = /^\{\s*name\s*:\s*(["'`])([^"'`]+)\1\s*,?\s*\}$/;

/**
 * The node a function defines, as the run-time graph names it: the name its config wrapper
 * gives (`configWhen(condition, { name: "x" }, fn)`, the options between condition and
 * function), else its export name cut at its last `__`.
 */
function nodeNameOf(entry: ManifestFunction, calls: readonly ts.CallExpression[] | undefined): string {
  for (const [index, modifier] of entry.modifiers.entries()) {
    if (!CONFIG_WRAPPERS.has(modifier.name) || modifier.args.length !== 2) continue;
    const options = calls?.[index]?.arguments[1];
    const object = options === undefined ? undefined : skipTypeWrappers(options);
    const name = calls === undefined ? NAME_OPTION_TEXT.exec(modifier.args[1]!.trim())?.[2] : object !== undefined && ts.isObjectLiteralExpression(object) ? stringOf(findProperty(object, "name")) : undefined;
    if (name !== undefined && name.trim() !== "") return name;
  }
  return variantNodeName(entry.exportName);
}

/** A function the scanner's own readers found in a checked source file. */
export interface FunctionReading {
  readonly entry: ManifestFunction;
  readonly site: FunctionSite;
}

/**
 * Reads the exported functions of a module in the checked Program with the scanner's own
 * export walk and signature reader, so the checker and the manifest agree on what is a node,
 * and the module is parsed once (by the Program). Return types left unwritten are not inferred
 * here: the checker has them.
 */
export function readModuleFunctions(sourceFile: ts.SourceFile): { functions: FunctionReading[]; listed: FunctionReading[]; problems: ManifestProblem[] } {
  const { language } = parseModule("", sourceFile.fileName);
  const module: ParsedModule = { file: sourceFile.fileName, language, sourceFile };
  const sites = collectExports(module);
  const problems: ManifestProblem[] = [...sites.problems];
  const read = (list: readonly FunctionSite[]) => {
    const readings: FunctionReading[] = [];
    for (const site of list) {
      const reading = readSignature(site, module);
      if (reading.kind === "function") readings.push({ entry: reading.entry, site });
      else problems.push(...reading.problems);
    }
    return readings;
  };
  // The functions subdag/withColumns lists name (by their local names), read as the exports are.
  return { functions: read(sites.functions), listed: read(sites.listedFunctions), problems };
}

/**
 * The functions of one module with their types: `readings` from its source file in the
 * checked Program, or, for JavaScript, entries of its manifest (untyped).
 */
export function readFunctionTypes(
  module: string,
  readings: readonly FunctionReading[] | readonly ManifestFunction[],
  checker: ts.TypeChecker | undefined,
  sourceFile: ts.SourceFile | undefined,
  readSubdagModule?: SubdagModuleReader,
  resolved?: readonly ResolvedNode[],
  listed: readonly FunctionReading[] = [],
): ExpandedModule {
  const refOf = (entry: ManifestFunction, calls?: readonly ts.CallExpression[]): FunctionRef => ({ module, exportName: entry.exportName, node: nodeNameOf(entry, calls) });
  if (checker === undefined || sourceFile === undefined) {
    return { functions: readings.map((reading) => untyped(refOf("entry" in reading ? reading.entry : reading), "entry" in reading ? reading.entry : reading)), bindings: [] };
  }
  // Modifier-made nodes get their types from the wrapped function, its steps, fields or columns.
  const expandableOf = ({ entry, site }: FunctionReading) => ({
    base: typed(refOf(entry, site.calls), entry, site, checker, sourceFile),
    modifierNames: entry.modifiers.map((modifier) => modifier.name),
    calls: site.calls,
  });
  const expandable = (readings as readonly FunctionReading[]).map(expandableOf);
  // A listed function the module does not export cannot be named in the typings (`typeof M.f`):
  // its node, and an input only its parameters type, read as `unknown` there. Its edges are checked.
  const exported = new Set(expandable.map((fn) => fn.base.ref.exportName));
  const listedExpandable = listed.map(expandableOf).map((fn) => (exported.has(fn.base.ref.exportName) ? fn : { ...fn, base: unnameable(fn.base) }));
  return expandModule(expandable, checker, sourceFile, module, readSubdagModule, resolved, listedExpandable);
}

function unnameable(fn: TypedFunction<CheckedType>): TypedFunction<CheckedType> {
  return { ...fn, typeText: UNNAMEABLE_TYPE_TEXT, params: fn.params.map((param) => ({ ...param, side: () => ({ ...param.side(), typeText: UNNAMEABLE_TYPE_TEXT }) })) };
}

function untyped(ref: FunctionRef, entry: ManifestFunction): TypedFunction<CheckedType> {
  const position: SourcePosition = { file: ref.module, line: entry.line, column: 1 };
  return {
    ref,
    transparent: isTransparent(entry),
    doc: entry.doc,
    returnType: undefined,
    producer: undefined,
    generic: false,
    params: entry.params.map((param, paramIndex) => ({
      name: param.name,
      optional: param.optional,
      type: undefined,
      generic: false,
      side: () => ({ ...ref, param: param.name, paramIndex, type: param.type, optional: param.optional, position }),
    })),
  };
}

function typed(
  ref: FunctionRef,
  entry: ManifestFunction,
  site: FunctionSite,
  checker: ts.TypeChecker,
  sourceFile: ts.SourceFile,
): TypedFunction<CheckedType> {
  const signature = checker.getSignatureFromDeclaration(site.node);
  const typeParameters = new Set(signature?.getTypeParameters() ?? []);
  const typeParameterNames = new Set(site.node.typeParameters?.map((parameter) => parameter.name.text) ?? []);
  const returnType = signature === undefined ? undefined : awaited(checker, checker.getReturnTypeOfSignature(signature));
  const params = site.node.parameters.map((parameter, paramIndex) =>
    readParam(ref, parameter, paramIndex, entry.params[paramIndex]?.optional ?? false, { typeParameters, typeParameterNames }, checker, sourceFile),
  );
  // An unwritten return type of a generic function may depend on its type parameters.
  const genericReturn = site.node.type === undefined ? typeParameters.size > 0 : mentionsAny(site.node.type, typeParameterNames);
  return {
    ref,
    transparent: true,
    doc: entry.doc,
    typeText: `Awaited<ReturnType<typeof {M}.${entry.exportName}>>`,
    returnType: returnType === undefined || isAny(returnType) ? undefined : returnType,
    producer:
      returnType === undefined
        ? undefined
        : () => ({ ...ref, type: checker.typeToString(returnType, site.node, TYPE_TEXT_FLAGS), position: positionOf(nameOf(site.node), ref.module, sourceFile) }),
    generic: genericReturn,
    params,
  };
}

function readParam(
  ref: FunctionRef,
  parameter: ts.ParameterDeclaration,
  paramIndex: number,
  optional: boolean,
  generics: { readonly typeParameters: ReadonlySet<ts.TypeParameter>; readonly typeParameterNames: ReadonlySet<string> },
  checker: ts.TypeChecker,
  sourceFile: ts.SourceFile,
): TypedParam<CheckedType> {
  const name = ts.isIdentifier(parameter.name) ? parameter.name.text : parameter.name.getText(sourceFile);
  // A written type, else what the checker infers (a default's type, a contextual type), else `any`.
  let type = parameter.type === undefined ? checker.getTypeAtLocation(parameter) : checker.getTypeFromTypeNode(parameter.type);
  // A parameter that is exactly `T` accepts whatever T's constraint does; deeper uses (`T[]`) stay generic.
  const isTypeParameter = (type.flags & ts.TypeFlags.TypeParameter) !== 0 && generics.typeParameters.has(type as ts.TypeParameter);
  if (isTypeParameter) type = checker.getBaseConstraintOfType(type) ?? checker.getUnknownType();
  // An optional parameter also accepts `undefined`: passing it lets the default apply.
  if (optional && (type.flags & ts.TypeFlags.Undefined) === 0) type = checker.getNullableType(type, ts.TypeFlags.Undefined);
  const accepted = type;
  return {
    name,
    optional,
    side: () => ({ ...ref, param: name, paramIndex, type: checker.typeToString(accepted, parameter, TYPE_TEXT_FLAGS), optional, position: positionOf(parameter, ref.module, sourceFile) }),
    type: isAny(type) ? undefined : type,
    generic: !isTypeParameter && parameter.type !== undefined && mentionsAny(parameter.type, generics.typeParameterNames),
  };
}

/**
 * True when `typeNode` names one of `names` (the function's type parameters), read from the
 * syntax: the public checker API cannot instantiate a signature, so such types are compared
 * only when the comparison succeeds as written.
 */
function mentionsAny(typeNode: ts.TypeNode, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && names.has(node.typeName.text)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(typeNode);
  return found;
}

/** `T` for a thenable of `T`; other types as they are (awaiting a bare `T` would print `Awaited<T>`). */
function awaited(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  if (checker.getPropertyOfType(type, "then") === undefined) return type;
  return checker.getAwaitedType(type) ?? type;
}

function isAny(type: ts.Type): boolean {
  return (type.flags & ts.TypeFlags.Any) !== 0;
}

/** Where a producer is named: a declaration's name, or the function itself (an arrow has none). */
function nameOf(node: FunctionSite["node"]): ts.Node {
  return ts.isFunctionDeclaration(node) && node.name !== undefined ? node.name : node;
}

function positionOf(node: ts.Node, file: string, sourceFile: ts.SourceFile): SourcePosition {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return { file, line: line + 1, column: character + 1 };
}
