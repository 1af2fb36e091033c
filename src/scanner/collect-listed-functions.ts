/**
 * The `functions: [f, g]` option of `subdag`, `parameterizedSubdag` and `withColumns` calls
 * (Hamilton's `@subdag(fn1, fn2)`, `@with_columns(f1, f2)`), tied to declarations: a function
 * this module declares (exported or not) is read as an export is, so its parameter names come
 * from the source; an imported one is recorded as its module specifier and export name, which
 * the graph builder loads as it loads a subdag's modules. An entry that names no declaration is
 * recorded as unreadable, with why, for the build to refuse.
 */
import { ts } from "ts-morph";
import type { ManifestFunctionList, ManifestListedFunction } from "../manifest/index.ts";
import type { FunctionSite } from "./collect-exports.ts";
import type { LocalDeclaration, LocalDeclarations } from "./local-declarations.ts";
import { hasModifier, lineAt, textOf, type ParsedModule } from "./parse-module.ts";
import { readDocSummary, readLeadingDoc } from "./read-doc-summary.ts";
import { readFunctionDeclarations, readValue, skipTypeWrappers, type ValueContext } from "./read-value.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { SyntaxKind, isArrayLiteralExpression, isArrowFunction, isCallExpression, isFunctionExpression, isIdentifier, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isStringLiteralLike } = ts;

/** The modifiers that take a `functions` option, in their first (options) argument. */
const LISTING_MODIFIERS = new Set(["subdag", "parameterizedSubdag", "withColumns"]);

const HOW_TO_LIST = "list each function by name: one this module declares (function f(…) or const f = (…) => …) or one it imports (import { f } from \"./columns.ts\")";

/** The export sites with their function lists, and the module's listed functions as sites of their own. */
export interface ListedFunctions {
  readonly sites: FunctionSite[];
  /** Each local function some list names, once, by its local name; their own lists included. */
  readonly listed: FunctionSite[];
}

/** Reads the `functions` lists around each site (and around the functions they list, in turn). */
export function collectListedFunctions(sites: readonly FunctionSite[], module: ParsedModule, context: ValueContext): ListedFunctions {
  if (module.language === "declaration" || !sites.some((site) => listsFunctions(site, context))) return { sites: [...sites], listed: [] };
  const queued = new Set<string>();
  const queue: FunctionSite[] = [];
  const isFunction = (name: string, local: LocalDeclaration): boolean => {
    if (queued.has(name)) return true;
    const found = localSite(name, local, module, context);
    if (found === undefined) return false;
    queued.add(name);
    queue.push(found);
    return true;
  };
  const withLists = (site: FunctionSite): FunctionSite => {
    if (!listsFunctions(site, context)) return site;
    const functionLists: ManifestFunctionList[] = [];
    site.modifiers.forEach((modifier, index) => {
      const call = site.calls[index];
      const name = modifierKind(modifier.name, context);
      const list = LISTING_MODIFIERS.has(name) && call !== undefined ? readFunctionList(name, call, context, isFunction) : undefined;
      if (list !== undefined) functionLists.push(list);
    });
    return functionLists.length === 0 ? site : { ...site, functionLists };
  };
  const read = sites.map(withLists);
  // A listed function may list functions in turn (a subdag over a subdag): each is read once.
  const listed: FunctionSite[] = [];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) listed.push(withLists(next));
  return { sites: read, listed };
}

function listsFunctions(site: FunctionSite, context: ValueContext): boolean {
  return site.modifiers.some((modifier) => LISTING_MODIFIERS.has(modifierKind(modifier.name, context)));
}

/**
 * The modifier a call names, through a renaming import (`import { subdag as reuse } from "funcflow"`):
 * the list is matched to the run-time modifier by its kind, which keeps the original name.
 */
function modifierKind(name: string, context: ValueContext): string {
  const local = context.locals.get(name);
  return local?.kind === "imported" && local.importedName !== undefined && local.specifier?.startsWith("funcflow") === true ? local.importedName : name;
}

/**
 * The list in `call`'s options, or undefined when the options have no `functions` key.
 * `local(name, declaration)` says whether a local name is a function the scanner can read.
 */
function readFunctionList(modifier: string, call: ts.CallExpression, context: ValueContext, local: (name: string, declaration: LocalDeclaration) => boolean): ManifestFunctionList | undefined {
  const options = followConst(call.arguments[0], context);
  const problem = (why: string): ManifestFunctionList => ({ modifier, entries: [], problem: why });
  if (options === undefined || !isObjectLiteralExpression(options)) {
    return call.arguments.length > 1 ? problem(`its options are not written as an object literal in the call, so the scanner cannot see which functions it lists; write ${modifier}({ functions: [f, g], … }, fn)`) : undefined;
  }
  let written: ts.Expression | undefined;
  for (const property of options.properties) {
    if (isPropertyAssignment(property) && propertyName(property.name) === "functions") written = property.initializer;
    else if (isShorthandPropertyAssignment(property) && property.name.text === "functions") written = property.name;
  }
  if (written === undefined) {
    return options.properties.some(isSpreadAssignment) ? problem(`its options spread another object, so the scanner cannot see whether it lists functions; write functions: [f, g] in the options object itself`) : undefined;
  }
  const list = followConst(written, context);
  if (list === undefined || !isArrayLiteralExpression(list)) return problem(`functions is ${textOf(written, context.sourceFile)}, not a list written in place; write functions: [f, g]`);
  return { modifier, entries: list.elements.map((element) => readEntry(element, context, local)) };
}

function readEntry(element: ts.Expression, context: ValueContext, local: (name: string, declaration: LocalDeclaration) => boolean): ManifestListedFunction {
  const text = textOf(element, context.sourceFile);
  const unreadable = (reason: string): ManifestListedFunction => ({ kind: "unreadable", text, reason: `${reason}; ${HOW_TO_LIST}` });
  if (isSpreadElement(element)) return unreadable("is a spread, so the scanner cannot see which functions it holds");
  const value = skipTypeWrappers(element);
  if (isIdentifier(value)) {
    const declaration = context.locals.get(value.text);
    if (declaration === undefined) return unreadable("is not declared at the top level of this module");
    if (declaration.kind === "imported") {
      if (declaration.specifier === undefined || declaration.importedName === undefined) return unreadable("is bound by import … = require(…), which the scanner does not follow");
      if (declaration.importedName === "*") return unreadable("is a whole module (import * as …), not a function: pass it in modules, or list its functions");
      return { kind: "imported", specifier: declaration.specifier, exportName: declaration.importedName };
    }
    if ((declaration.kind === "function" || declaration.kind === "variable") && local(value.text, declaration)) return { kind: "local", name: value.text };
    return unreadable(declaration.kind === "class" ? "is a class" : "is not a function whose parameters can be seen in the source (made by a call, or not a function)");
  }
  if (isPropertyAccessExpression(value)) {
    const owner = skipTypeWrappers(value.expression);
    const declaration = isIdentifier(owner) ? context.locals.get(owner.text) : undefined;
    if (declaration?.kind === "imported" && declaration.importedName === "*" && declaration.specifier !== undefined) return { kind: "imported", specifier: declaration.specifier, exportName: value.name.text };
    return unreadable("is a property of a value, which the scanner cannot tie to a declaration");
  }
  if (isArrowFunction(value) || isFunctionExpression(value)) return unreadable("is written in place, so it has no name to make its node");
  if (isCallExpression(value)) return unreadable("is made by a call, so its parameters cannot be seen in the source");
  return unreadable("is not a function's name");
}

/** A local function as a site of its own, named by its local name; undefined when its parameters cannot be seen. */
function localSite(name: string, local: LocalDeclaration, module: ParsedModule, context: ValueContext): FunctionSite | undefined {
  const { sourceFile } = module;
  if (local.kind === "function") {
    const [first] = local.declarations;
    const reading = readFunctionDeclarations(local.declarations);
    if (first === undefined || reading.kind !== "function" || hasModifier(reading.node, SyntaxKind.DeclareKeyword)) return undefined;
    const leading = readLeadingDoc(first, sourceFile);
    const doc = reading.node === first ? leading.doc : readDocSummary(reading.node, sourceFile);
    return { exportName: name, form: "declaration", node: reading.node, modifiers: [], calls: [], line: lineAt(leading.start, sourceFile), doc };
  }
  if (local.kind !== "variable" || local.declaration.initializer === undefined || hasModifier(local.statement, SyntaxKind.DeclareKeyword)) return undefined;
  const reading = readValue(local.declaration.initializer, context, new Set([name]));
  if (reading.kind !== "function") return undefined;
  const { doc, start } = readLeadingDoc(local.statement, sourceFile);
  const inherited = reading.docHost === undefined ? undefined : readDocSummary(reading.docHost, sourceFile);
  return { exportName: name, form: reading.form, node: reading.node, modifiers: reading.modifiers, calls: reading.calls, line: lineAt(start, sourceFile), doc: doc ?? inherited };
}

/** `expression`, or the initializer of the module-level `const` it names (`const shared = {…}`). */
function followConst(expression: ts.Expression | undefined, context: ValueContext): ts.Expression | undefined {
  if (expression === undefined) return undefined;
  const value = skipTypeWrappers(expression);
  if (!isIdentifier(value)) return value;
  const local = context.locals.get(value.text);
  const isConst = local?.kind === "variable" && (local.statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
  return isConst && local.declaration.initializer !== undefined ? skipTypeWrappers(local.declaration.initializer) : value;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return isIdentifier(name) || isStringLiteralLike(name) ? name.text : undefined;
}
