/** Reads a parameter default written as a JSON literal (numbers, strings, booleans, null, arrays, objects). */
import type { ts } from "ts-morph";
import { typescript } from "./lazy-ts-morph.ts";

/**
 * The value of `expression` when it is a JSON literal, else undefined (a default computed by
 * code is documented by the function, not by the schema).
 * @example readLiteral(parameter.initializer) // 3 for `window = 3`
 */
export function readLiteral(expression: ts.Expression): { readonly value: unknown } | undefined {
  if (typescript().isParenthesizedExpression(expression) || typescript().isAsExpression(expression) || typescript().isSatisfiesExpression(expression)) return readLiteral(expression.expression);
  if (typescript().isNumericLiteral(expression)) return { value: Number(expression.text) };
  if (typescript().isStringLiteral(expression) || typescript().isNoSubstitutionTemplateLiteral(expression)) return { value: expression.text };
  if (expression.kind === typescript().SyntaxKind.TrueKeyword) return { value: true };
  if (expression.kind === typescript().SyntaxKind.FalseKeyword) return { value: false };
  if (expression.kind === typescript().SyntaxKind.NullKeyword) return { value: null };
  if (typescript().isPrefixUnaryExpression(expression) && expression.operator === typescript().SyntaxKind.MinusToken && typescript().isNumericLiteral(expression.operand)) {
    return { value: -Number(expression.operand.text) };
  }
  if (typescript().isArrayLiteralExpression(expression)) {
    const values: unknown[] = [];
    for (const element of expression.elements) {
      const read = readLiteral(element);
      if (read === undefined) return undefined;
      values.push(read.value);
    }
    return { value: values };
  }
  if (typescript().isObjectLiteralExpression(expression)) {
    const record: Record<string, unknown> = {};
    for (const property of expression.properties) {
      if (!typescript().isPropertyAssignment(property) || !(typescript().isIdentifier(property.name) || typescript().isStringLiteral(property.name))) return undefined;
      const read = readLiteral(property.initializer);
      if (read === undefined) return undefined;
      record[property.name.text] = read.value;
    }
    return { value: record };
  }
  return undefined;
}
