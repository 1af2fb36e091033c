/**
 * Walks a module's top-level statements and sorts every exported name into a node function
 * to read, a non-function export, or a problem. Only the module's own declarations are read:
 * `export … from "./x"` re-exports are skipped (the file that declares them is scanned on
 * its own), as are `export default`, types, and names starting with `_`.
 */
import { ts } from "ts-morph";
import type { ManifestFunctionForm, ManifestFunctionList, ManifestHiddenFunction, ManifestModifier, ManifestNonFunctionExport, ManifestProblem } from "../manifest/index.ts";
import { collectHiddenFunctions } from "./collect-hidden-functions.ts";
import { collectListedFunctions } from "./collect-listed-functions.ts";
import { indexLocalDeclarations, boundNames, type LocalDeclaration, type LocalDeclarations } from "./local-declarations.ts";
import { hasModifier, lineAt, lineOf, type ParsedModule } from "./parse-module.ts";
import { readDeclaredType, type SignatureTypeNode } from "./read-declared-type.ts";
import { readDocSummary, readLeadingDoc } from "./read-doc-summary.ts";
import { readFunctionDeclarations, readValue, type FunctionNode, type NonFunctionReason, type ValueContext } from "./read-value.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { SyntaxKind, isClassDeclaration, isEnumDeclaration, isExportDeclaration, isFunctionDeclaration, isIdentifier, isNamedExports, isVariableStatement } = ts;

/** An exported function found in the source, before its signature is read. */
export interface FunctionSite {
  readonly exportName: string;
  readonly form: ManifestFunctionForm;
  /** The function (or, in a declaration file, the function type) whose signature is the node's. */
  readonly node: FunctionNode | SignatureTypeNode;
  readonly modifiers: readonly ManifestModifier[];
  /** The modifier calls around the function, outermost first (empty unless `form` is `"wrapped"`). */
  readonly calls: readonly ts.CallExpression[];
  readonly line: number;
  readonly doc: string | undefined;
  /** The `functions` options of the `subdag`/`withColumns` calls around it, when any has one. */
  readonly functionLists?: readonly ManifestFunctionList[];
}

/** Everything the module exports, sorted by kind, in statement order. */
export interface ExportSites {
  readonly functions: FunctionSite[];
  readonly nonFunctionExports: ManifestNonFunctionExport[];
  readonly problems: ManifestProblem[];
  /** Functions declared but not exported by name (helpers, the default export). */
  readonly hiddenFunctions: ManifestHiddenFunction[];
  /** The module's top-level declarations, indexed once for the code versions too. */
  readonly locals: LocalDeclarations;
  /** The functions of this module that `functions` lists name, as sites named by their local names. */
  readonly listedFunctions: FunctionSite[];
}

interface Collector extends Omit<ExportSites, "hiddenFunctions" | "listedFunctions"> {
  readonly module: ParsedModule;
  readonly valueContext: ValueContext;
}

/** Finds every exported node function, non-function export and overload problem of `module`. */
export function collectExports(module: ParsedModule): ExportSites {
  const locals = indexLocalDeclarations(module.sourceFile);
  const valueContext: ValueContext = { sourceFile: module.sourceFile, locals };
  const collector: Collector = { module, locals, valueContext, functions: [], nonFunctionExports: [], problems: [] };
  for (const statement of module.sourceFile.statements) {
    if (isExportDeclaration(statement)) {
      collectExportList(statement, collector);
    } else if (hasModifier(statement, SyntaxKind.ExportKeyword) && !hasModifier(statement, SyntaxKind.DefaultKeyword)) {
      collectExportedStatement(statement, collector);
    }
  }
  const { nonFunctionExports, problems } = collector;
  const { sites: functions, listed } = collectListedFunctions(collector.functions, module, valueContext);
  return { functions, nonFunctionExports, problems, locals, hiddenFunctions: collectHiddenFunctions(module, locals), listedFunctions: listed };
}

/** `export function`, `export const`, `export class`, `export enum`. */
function collectExportedStatement(statement: ts.Statement, collector: Collector): void {
  if (isFunctionDeclaration(statement) && statement.name !== undefined) {
    const local = collector.locals.get(statement.name.text);
    // Overloads repeat the statement: the whole group is read once, at its first declaration.
    if (local?.kind !== "function" || local.declarations[0] !== statement) return;
    addFunctionDeclarations(statement.name.text, local.declarations, collector);
  } else if (isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (isIdentifier(declaration.name)) {
        addVariable(declaration.name.text, declaration, statement, collector);
      } else {
        for (const name of boundNames(declaration.name)) addNonFunction(name, statement, "opaque-function", collector);
      }
    }
  } else if (isClassDeclaration(statement) && statement.name !== undefined) {
    addNonFunction(statement.name.text, statement, "class", collector);
  } else if (isEnumDeclaration(statement)) {
    addNonFunction(statement.name.text, statement, "not-a-function", collector);
  }
}

/** `export { a, b as c }`: each name is followed to its local declaration (its line is the node's). */
function collectExportList(statement: ts.ExportDeclaration, collector: Collector): void {
  const clause = statement.exportClause;
  if (statement.moduleSpecifier !== undefined || statement.isTypeOnly || clause === undefined || !isNamedExports(clause)) return;
  for (const element of clause.elements) {
    if (element.isTypeOnly) continue;
    const exportName = element.name.text;
    const local = collector.locals.get((element.propertyName ?? element.name).text);
    if (exportName !== "default" && local !== undefined) addLocal(exportName, local, collector);
  }
}

function addLocal(exportName: string, local: LocalDeclaration, collector: Collector): void {
  switch (local.kind) {
    case "function":
      return addFunctionDeclarations(exportName, local.declarations, collector);
    case "variable":
      return addVariable(exportName, local.declaration, local.statement, collector);
    case "class":
      return addNonFunction(exportName, local.node, "class", collector);
    case "enum":
      return addNonFunction(exportName, local.node, "not-a-function", collector);
    case "opaque":
      return addNonFunction(exportName, local.node, "opaque-function", collector);
    case "imported":
      return; // a re-export: the declaring module is scanned on its own
  }
}

function addFunctionDeclarations(exportName: string, declarations: readonly ts.FunctionDeclaration[], collector: Collector): void {
  const [first] = declarations;
  if (exportName.startsWith("_") || first === undefined) return;
  const { module } = collector;
  const leading = readLeadingDoc(first, module.sourceFile);
  const line = lineAt(leading.start, module.sourceFile);
  const reading = readFunctionDeclarations(declarations);
  if (reading.kind === "overloaded") return addOverloadProblem(exportName, line, reading.signatureCount, collector);
  if (reading.kind === "not-function") return;
  const ambient = module.language === "declaration" || hasModifier(reading.node, SyntaxKind.DeclareKeyword);
  collector.functions.push({
    exportName,
    form: ambient ? "declared" : "declaration",
    node: reading.node,
    modifiers: [],
    calls: [],
    line,
    // Plain JavaScript may repeat a function: the last one (the one read) has the doc.
    doc: reading.node === first ? leading.doc : readDocSummary(reading.node, module.sourceFile),
  });
}

/**
 * One `const`/`let` export. Ambient consts (`.d.ts`, `declare const`) are read from their type
 * annotation; all others from their value, since a plain `let x: Fn;` holds no function.
 */
function addVariable(exportName: string, declaration: ts.VariableDeclaration, statement: ts.VariableStatement, collector: Collector): void {
  if (exportName.startsWith("_")) return;
  const { module } = collector;
  const { doc, start } = readLeadingDoc(statement, module.sourceFile);
  const line = lineAt(start, module.sourceFile);
  const ambient = module.language === "declaration" || hasModifier(statement, SyntaxKind.DeclareKeyword);
  if (declaration.initializer === undefined) {
    const reading = ambient ? readDeclaredType(declaration.type) : ({ kind: "not-function", reason: "not-a-function" } as const);
    if (reading.kind === "overloaded") return addOverloadProblem(exportName, line, reading.signatureCount, collector);
    if (reading.kind === "not-function") return addNonFunction(exportName, statement, reading.reason, collector);
    collector.functions.push({ exportName, form: "declared", node: reading.node, modifiers: [], calls: [], line, doc });
    return;
  }
  const reading = readValue(declaration.initializer, collector.valueContext);
  if (reading.kind === "overloaded") return addOverloadProblem(exportName, line, reading.signatureCount, collector);
  if (reading.kind === "not-function") return addNonFunction(exportName, statement, reading.reason, collector);
  const { form, node, modifiers, calls, docHost } = reading;
  const inheritedDoc = docHost === undefined ? undefined : readDocSummary(docHost, module.sourceFile);
  collector.functions.push({ exportName, form, node, modifiers, calls, line, doc: doc ?? inheritedDoc });
}

function addNonFunction(exportName: string, node: ts.Node, reason: NonFunctionReason, collector: Collector): void {
  if (exportName.startsWith("_")) return;
  collector.nonFunctionExports.push({ exportName, line: lineOf(node, collector.module.sourceFile), reason });
}

function addOverloadProblem(exportName: string, line: number, signatureCount: number, collector: Collector): void {
  const signatures = `${signatureCount} overload signature${signatureCount === 1 ? "" : "s"}`;
  collector.problems.push({
    exportName,
    line,
    code: "invalid_signature",
    message:
      `"${exportName}" has ${signatures}, but overloads are not supported: funcflow reads a node's dependencies from one list of parameter names. ` +
      `Keep a single signature (a union type can accept several kinds of value), or split it into separately named functions.`,
  });
}
