/**
 * Reads what an exported `const` holds: a function written in place, a function wrapped in
 * modifier calls, a local function it names, or something that is not (or cannot be seen to
 * be) a function. Modifiers follow one convention: the wrapped function is the LAST argument,
 * and it may itself be a modifier call.
 */
import { ts } from "ts-morph";
import type { ManifestFunctionForm, ManifestModifier, ManifestNonFunctionExport } from "../manifest/index.ts";
import type { LocalDeclarations } from "./local-declarations.ts";
import { textOf } from "./parse-module.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { SyntaxKind, isArrayLiteralExpression, isArrowFunction, isAsExpression, isBinaryExpression, isCallExpression, isClassExpression, isDeleteExpression, isElementAccessExpression, isFunctionExpression, isIdentifier, isLiteralExpression, isNewExpression, isNonNullExpression, isObjectLiteralExpression, isParenthesizedExpression, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isSatisfiesExpression, isStringLiteralLike, isTemplateExpression, isTypeAssertionExpression, isTypeOfExpression, isVoidExpression } = ts;

/** A function whose parameters can be read from source. */
export type FunctionNode = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** Why an export is not a node function. */
export type NonFunctionReason = ManifestNonFunctionExport["reason"];

/** What an expression turned out to hold. */
export type ValueReading =
  | {
      readonly kind: "function";
      readonly form: ManifestFunctionForm;
      readonly node: FunctionNode;
      /** Outermost first. */
      readonly modifiers: readonly ManifestModifier[];
      /** The modifier calls themselves, outermost first (the edge checker reads their arguments). */
      readonly calls: readonly ts.CallExpression[];
      /** Where to read the JSDoc when the export itself has none: the declaration a name refers to. */
      readonly docHost: ts.Node | undefined;
    }
  | { readonly kind: "overloaded"; readonly signatureCount: number }
  | { readonly kind: "not-function"; readonly reason: NonFunctionReason };

/** What `readValue` needs about the module. */
export interface ValueContext {
  readonly sourceFile: ts.SourceFile;
  readonly locals: LocalDeclarations;
}

const OPAQUE: ValueReading = { kind: "not-function", reason: "opaque-function" };
const NOT_A_FUNCTION: ValueReading = { kind: "not-function", reason: "not-a-function" };

/** Reads `expression` (an exported variable's initializer) through parentheses, `as` and `satisfies`. */
export function readValue(expression: ts.Expression, context: ValueContext, visiting?: ReadonlySet<string>): ValueReading {
  const value = skipTypeWrappers(expression);
  if (isArrowFunction(value)) return { kind: "function", form: "arrow", node: value, modifiers: [], calls: [], docHost: undefined };
  if (isFunctionExpression(value)) {
    return { kind: "function", form: "function-expression", node: value, modifiers: [], calls: [], docHost: undefined };
  }
  if (isCallExpression(value)) return readModifierCall(value, context, visiting);
  if (isIdentifier(value)) return readLocalName(value.text, context, visiting);
  if (isClassExpression(value)) return { kind: "not-function", reason: "class" };
  return isPlainValue(value) ? NOT_A_FUNCTION : OPAQUE;
}

/** `modifier(args…, inner)`: the wrapped function is the last argument, read recursively. */
function readModifierCall(call: ts.CallExpression, context: ValueContext, visiting: ReadonlySet<string> | undefined): ValueReading {
  const { arguments: callArguments } = call;
  const wrapped = callArguments[callArguments.length - 1];
  if (wrapped === undefined) return OPAQUE;
  const inner = readValue(wrapped, context, visiting);
  if (inner.kind === "overloaded") return inner;
  // `makeThing(config)` may return a function, but its parameters cannot be seen.
  if (inner.kind !== "function") return OPAQUE;
  const args: string[] = [];
  for (let index = 0; index < callArguments.length - 1; index++) args.push(textOf(callArguments[index]!, context.sourceFile));
  const modifier: ManifestModifier = { name: calleeName(call.expression, context.sourceFile), args };
  // Plain loops and concat: this runs once per wrapped export, mostly before the JIT has warmed up.
  return { kind: "function", form: "wrapped", node: inner.node, modifiers: [modifier].concat(inner.modifiers), calls: [call].concat(inner.calls), docHost: inner.docHost };
}

/** `configWhen` for `configWhen(…)`, `ff.configWhen(…)` and `ff["configWhen"](…)`. */
function calleeName(callee: ts.Expression, sourceFile: ts.SourceFile): string {
  const target = skipTypeWrappers(callee);
  if (isIdentifier(target)) return target.text;
  if (isPropertyAccessExpression(target)) return target.name.text;
  if (isElementAccessExpression(target) && isStringLiteralLike(target.argumentExpression)) {
    return target.argumentExpression.text;
  }
  return target.getText(sourceFile);
}

/** A name used as a value: follows it to a top-level declaration of this module. */
/** `visiting` holds the names being followed (undefined until one is), so a cycle reads as opaque. */
function readLocalName(name: string, context: ValueContext, visiting: ReadonlySet<string> | undefined): ValueReading {
  if (name === "undefined" || name === "NaN" || name === "Infinity") return NOT_A_FUNCTION;
  const local = context.locals.get(name);
  if (local === undefined || local.kind === "opaque" || local.kind === "imported" || visiting?.has(name) === true) return OPAQUE;
  if (local.kind === "class") return { kind: "not-function", reason: "class" };
  if (local.kind === "enum") return NOT_A_FUNCTION;
  if (local.kind === "function") {
    const reading = readFunctionDeclarations(local.declarations);
    return reading.kind === "function" ? { ...reading, docHost: reading.node } : reading;
  }
  const { declaration, statement } = local;
  if (declaration.initializer === undefined) return OPAQUE;
  const reading = readValue(declaration.initializer, context, new Set([...(visiting ?? []), name]));
  return reading.kind === "function" ? { ...reading, docHost: reading.docHost ?? statement } : reading;
}

/**
 * The declarations of one function name: one implementation, or overloads. Only JavaScript
 * may repeat a function with bodies; the last one wins at run time, as it does here.
 */
export function readFunctionDeclarations(declarations: readonly ts.FunctionDeclaration[]): ValueReading {
  const last = declarations[declarations.length - 1];
  if (last === undefined) return OPAQUE;
  if (declarations.length > 1) {
    let signatureCount = 0;
    for (const declaration of declarations) if (declaration.body === undefined) signatureCount++;
    if (signatureCount > 0) return { kind: "overloaded", signatureCount };
  }
  return { kind: "function", form: "declaration", node: last, modifiers: [], calls: [], docHost: undefined };
}

/** Sees through `(x)`, `x as T`, `x satisfies T`, `<T>x` and `x!`, which change nothing at run time. */
export function skipTypeWrappers(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    isParenthesizedExpression(current) ||
    isAsExpression(current) ||
    isSatisfiesExpression(current) ||
    isTypeAssertionExpression(current) ||
    isNonNullExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** Binary operators that may yield one of their operands, which could be a function. */
const OPERAND_YIELDING = new Set<ts.SyntaxKind>([
  SyntaxKind.BarBarToken,
  SyntaxKind.AmpersandAmpersandToken,
  SyntaxKind.QuestionQuestionToken,
  SyntaxKind.CommaToken,
  SyntaxKind.EqualsToken,
]);

/** Expressions that can never evaluate to a function. */
function isPlainValue(expression: ts.Expression): boolean {
  if (isBinaryExpression(expression)) return !OPERAND_YIELDING.has(expression.operatorToken.kind);
  return (
    isLiteralExpression(expression) ||
    isTemplateExpression(expression) ||
    isObjectLiteralExpression(expression) ||
    isArrayLiteralExpression(expression) ||
    isNewExpression(expression) ||
    isPrefixUnaryExpression(expression) ||
    isPostfixUnaryExpression(expression) ||
    isTypeOfExpression(expression) ||
    isVoidExpression(expression) ||
    isDeleteExpression(expression) ||
    expression.kind === SyntaxKind.TrueKeyword ||
    expression.kind === SyntaxKind.FalseKeyword ||
    expression.kind === SyntaxKind.NullKeyword
  );
}
