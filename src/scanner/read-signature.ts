/**
 * Reads one exported function's signature into a manifest entry: parameter names (the node's
 * dependencies), their declared types as written, and the return type with `Promise<…>`
 * unwrapped. Parameters that carry no single name cannot name a dependency and become problems.
 */
import { ts } from "ts-morph";
import type { ManifestFunction, ManifestParam, ManifestProblem } from "../manifest/index.ts";
import type { FunctionSite } from "./collect-exports.ts";
import { boundNames } from "./local-declarations.ts";
import { hasModifier, textOf, type ParsedModule } from "./parse-module.ts";
import type { FunctionNode } from "./read-value.ts";
import { readReturnFields } from "./read-return-fields.ts";
import { readReturnColumns, readStepTypes } from "./read-pipe-types.ts";
import type { TypeFiles } from "./type-files.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { SyntaxKind, isCallSignatureDeclaration, isFunctionDeclaration, isFunctionExpression, isFunctionTypeNode, isIdentifier, isPrefixUnaryExpression, isTypeReferenceNode } = ts;

/** A readable signature, or the problems that keep it from being a node. */
export type SignatureReading =
  | {
      readonly kind: "function";
      readonly entry: ManifestFunction;
      /** Set when the return type is not written down and must be inferred from this function. */
      readonly inferFrom: FunctionNode | undefined;
    }
  | { readonly kind: "invalid"; readonly problems: readonly ManifestProblem[] };

type Writable<T> = { -readonly [K in keyof T]: T[K] };

const READS_NAMES = "funcflow reads a node's dependencies from its parameter names";

/**
 * Reads `site`'s parameters and return type; `codeVersion`, when given, ends the entry. `files`,
 * when given, follows return types imported from relative modules for the modifiers that read fields.
 */
export function readSignature(site: FunctionSite, module: ParsedModule, codeVersion?: string, files?: TypeFiles): SignatureReading {
  const params: ManifestParam[] = [];
  const problems: ManifestProblem[] = [];
  const { parameters } = site.node;
  for (let index = 0; index < parameters.length; index++) {
    const parameter = parameters[index]!;
    const problem = parameterProblem(parameter, index + 1, site, module);
    if (problem === undefined) params.push(readParam(parameter, module));
    else problems.push({ exportName: site.exportName, line: site.line, code: "invalid_signature", message: problem });
  }
  if (problems.length > 0) return { kind: "invalid", problems };
  const { returnType, isAsync, inferFrom } = readReturnType(site.node, module);
  // Object literals rather than spreads of `cond && {…}`: this runs per function on a cold JIT,
  // where a spread goes through the generic object-cloning path. Key order is the manifest's.
  const { exportName, form, line, modifiers, doc } = site;
  const entry: Writable<ManifestFunction> =
    doc === undefined ? { exportName, form, params, returnType, isAsync, line, modifiers } : { exportName, form, params, returnType, isAsync, doc, line, modifiers };
  // Most functions have neither return fields nor pipe types. What they have is set on the fresh
  // entry, in the manifest's key order, rather than spread into a copy of it.
  if (form === "declared" || modifiers.length > 0) addModifierTypes(entry, site, module, files);
  if (site.functionLists !== undefined) entry.functionLists = site.functionLists;
  if (codeVersion !== undefined) entry.codeVersion = codeVersion;
  return { kind: "function", entry, inferFrom };
}

/**
 * What the run-time graph cannot see, from the declared types: the fields `extractFields`
 * without a field list reads from the return type (in a `.d.ts`, which records no modifier
 * calls, every object return type's), the column types of `extractColumns` (and
 * `parameterizeExtractColumns`), and the step types of pipes.
 */
function addModifierTypes(entry: Writable<ManifestFunction>, site: FunctionSite, module: ParsedModule, files: TypeFiles | undefined): void {
  const names = site.modifiers.map((modifier) => modifier.name);
  const { sourceFile } = module;
  const extractsFields = names.includes("extractFields");
  if (site.form === "declared" || extractsFields) {
    const { fields, problem } = readReturnFields(site.node.type, sourceFile, files);
    if (fields !== undefined) entry.returnFields = fields;
    // A .d.ts types most functions with package types (`Vector<Float64>`): no note for those.
    else if (problem !== undefined && (extractsFields || !problem.fromPackage)) entry.returnFieldsProblem = problem.problem;
  }
  if (names.includes("extractColumns") || names.includes("parameterizeExtractColumns")) {
    const columns = readReturnColumns(site.node.type, sourceFile, files);
    if (columns !== undefined) entry.returnColumns = columns;
  }
  const steps = readStepTypes(site.calls, names, sourceFile);
  if (steps !== undefined) entry.stepTypes = steps;
}

/**
 * The type TypeScript gives a parameter that has no annotation but a literal default (`scale = 2`
 * is a `number`), widened as TypeScript widens it; undefined for any other default, whose type
 * only the checker can tell.
 */
function literalDefaultType(initializer: ts.Expression | undefined): string | undefined {
  if (initializer === undefined) return undefined;
  const literal = isPrefixUnaryExpression(initializer) && initializer.operator === SyntaxKind.MinusToken ? initializer.operand : initializer;
  switch (literal.kind) {
    case SyntaxKind.NumericLiteral:
      return "number";
    case SyntaxKind.BigIntLiteral:
      return "bigint";
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return literal === initializer ? "string" : undefined;
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
      return literal === initializer ? "boolean" : undefined;
    default:
      return undefined;
  }
}

function readParam(parameter: ts.ParameterDeclaration, module: ParsedModule): ManifestParam {
  const { sourceFile, language } = module;
  const name = (parameter.name as ts.Identifier).text;
  const type = language !== "javascript" && parameter.type !== undefined ? textOf(parameter.type, sourceFile) : (literalDefaultType(parameter.initializer) ?? "unknown");
  const optional = parameter.questionToken !== undefined || parameter.initializer !== undefined;
  const defaultText = parameter.initializer === undefined ? undefined : textOf(parameter.initializer, sourceFile);
  return defaultText === undefined ? { name, type, optional } : { name, type, optional, defaultText };
}

/** Why `parameter` (1-based `position`) cannot name a dependency, or undefined when it can. */
function parameterProblem(parameter: ts.ParameterDeclaration, position: number, site: FunctionSite, module: ParsedModule): string | undefined {
  const named = isIdentifier(parameter.name);
  if (named && parameter.dotDotDotToken === undefined && parameter.name.text !== "this") return undefined;
  const where = `"${site.exportName}" parameter ${position} (${parameter.getText(module.sourceFile)})`;
  if (named && parameter.name.text === "this") {
    return `${where} is a \`this\` parameter, but ${READS_NAMES} and calls nodes without a \`this\`. Remove it, and name each parameter after the node it needs.`;
  }
  if (parameter.dotDotDotToken !== undefined) {
    return `${where} is a rest parameter, but ${READS_NAMES}, so it cannot tell which nodes it collects. Name each parameter after the node it needs, one parameter per node.`;
  }
  if (!isIdentifier(parameter.name)) {
    const names = boundNames(parameter.name).join(", ");
    return `${where} is a destructuring pattern, but ${READS_NAMES}. Name each parameter after the node it needs, e.g. ${site.exportName}(${names}).`;
  }
  return undefined;
}

interface ReturnTypeReading {
  readonly returnType: string;
  readonly isAsync: boolean;
  readonly inferFrom: FunctionNode | undefined;
}

/**
 * The written return type, `Promise<T>` read as `T`. Plain JavaScript has no types; TypeScript
 * functions without an annotation are handed back for inference.
 */
function readReturnType(node: FunctionSite["node"], module: ParsedModule): ReturnTypeReading {
  // An async generator returns its iterator at once, not a promise to await.
  const isAsyncKeyword = hasModifier(node, SyntaxKind.AsyncKeyword) && !isGenerator(node);
  if (node.type === undefined) {
    const inferable = module.language === "typescript" && !isFunctionTypeNode(node) && !isCallSignatureDeclaration(node);
    return { returnType: "unknown", isAsync: isAsyncKeyword, inferFrom: inferable ? node : undefined };
  }
  const promised = promisedType(node.type);
  const written = promised ?? node.type;
  return { returnType: textOf(written, module.sourceFile), isAsync: isAsyncKeyword || promised !== undefined, inferFrom: undefined };
}

/** `T` when `type` is written `Promise<T>`. */
function promisedType(type: ts.TypeNode): ts.TypeNode | undefined {
  if (!isTypeReferenceNode(type) || !isIdentifier(type.typeName) || type.typeName.text !== "Promise") return undefined;
  const [argument, ...rest] = type.typeArguments ?? [];
  return rest.length === 0 ? argument : undefined;
}

function isGenerator(node: FunctionSite["node"]): boolean {
  return (isFunctionDeclaration(node) || isFunctionExpression(node)) && node.asteriskToken !== undefined;
}

