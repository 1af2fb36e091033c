/**
 * Reads an ambient `const`'s type annotation (`export declare const f: (a: number) => number`,
 * as tsc writes every exported arrow and wrapped function into a `.d.ts`): a function type is a
 * node; anything else is a value, a class, or a type whose call signature cannot be seen here.
 */
import { ts } from "ts-morph";
import type { NonFunctionReason } from "./read-value.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { SyntaxKind, isArrayTypeNode, isConstructorTypeNode, isFunctionTypeNode, isIntersectionTypeNode, isLiteralTypeNode, isParenthesizedTypeNode, isTupleTypeNode, isTypeLiteralNode, isTypeOperatorNode, isUnionTypeNode } = ts;

/** A signature written as a type: `(a: number) => number` or the call signature of `{ (a: number): number }`. */
export type SignatureTypeNode = ts.FunctionTypeNode | ts.CallSignatureDeclaration;

/** What an ambient const's declared type says about its value. */
export type DeclaredTypeReading =
  | { readonly kind: "function"; readonly node: SignatureTypeNode }
  | { readonly kind: "overloaded"; readonly signatureCount: number }
  | { readonly kind: "not-function"; readonly reason: NonFunctionReason };

const OPAQUE: DeclaredTypeReading = { kind: "not-function", reason: "opaque-function" };
const NOT_A_FUNCTION: DeclaredTypeReading = { kind: "not-function", reason: "not-a-function" };

/** Reads `type`, the annotation of an ambient const (undefined when it has none). */
export function readDeclaredType(type: ts.TypeNode | undefined): DeclaredTypeReading {
  if (type === undefined) return OPAQUE;
  const inner = skipParentheses(type);
  if (isFunctionTypeNode(inner)) return { kind: "function", node: inner };
  if (isConstructorTypeNode(inner)) return { kind: "not-function", reason: "class" };
  if (isTypeLiteralNode(inner)) return readCallSignatures(inner.members.filter(ts.isCallSignatureDeclaration));
  if (isIntersectionTypeNode(inner)) return readIntersection(inner);
  return isValueType(inner) ? NOT_A_FUNCTION : OPAQUE;
}

/** `{ (a: number): number; meta: string }`: one call signature is a function with extra properties. */
function readCallSignatures(signatures: readonly ts.CallSignatureDeclaration[]): DeclaredTypeReading {
  const [first] = signatures;
  if (first === undefined) return NOT_A_FUNCTION;
  return signatures.length === 1 ? { kind: "function", node: first } : { kind: "overloaded", signatureCount: signatures.length };
}

/** `((a: number) => number) & { meta: string }`: the function part names the parameters. */
function readIntersection(intersection: ts.IntersectionTypeNode): DeclaredTypeReading {
  const readings = intersection.types.map(readDeclaredType);
  const callable = readings.filter((reading) => reading.kind !== "not-function");
  const [only] = callable;
  if (only !== undefined && callable.length === 1) return only;
  if (callable.length > 1) return OPAQUE;
  return readings.some((reading) => reading.kind === "not-function" && reading.reason === "opaque-function") ? OPAQUE : NOT_A_FUNCTION;
}

function skipParentheses(type: ts.TypeNode): ts.TypeNode {
  let current = type;
  while (isParenthesizedTypeNode(current)) current = current.type;
  return current;
}

const VALUE_KEYWORDS = new Set<ts.SyntaxKind>([
  SyntaxKind.NumberKeyword,
  SyntaxKind.StringKeyword,
  SyntaxKind.BooleanKeyword,
  SyntaxKind.BigIntKeyword,
  SyntaxKind.SymbolKeyword,
  SyntaxKind.UndefinedKeyword,
  SyntaxKind.NullKeyword,
  SyntaxKind.VoidKeyword,
  SyntaxKind.NeverKeyword,
]);

/** Types whose values are never functions: primitives, literals, arrays and tuples. */
function isValueType(type: ts.TypeNode): boolean {
  if (VALUE_KEYWORDS.has(type.kind)) return true;
  if (isLiteralTypeNode(type) || isArrayTypeNode(type) || isTupleTypeNode(type)) return true;
  if (isTypeOperatorNode(type)) return isValueType(type.type);
  if (isUnionTypeNode(type)) return type.types.every(isValueType);
  return false;
}
