/** Reads a parameter default written as a JSON literal (numbers, strings, booleans, null, arrays, objects). */
import { ts } from "ts-morph";

/**
 * The value of `expression` when it is a JSON literal, else undefined (a default computed by
 * code is documented by the function, not by the schema).
 * @example readLiteral(parameter.initializer) // 3 for `window = 3`
 */
export function readLiteral(expression: ts.Expression): { readonly value: unknown } | undefined {
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression)) return readLiteral(expression.expression);
  if (ts.isNumericLiteral(expression)) return { value: Number(expression.text) };
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return { value: expression.text };
  if (expression.kind === ts.SyntaxKind.TrueKeyword) return { value: true };
  if (expression.kind === ts.SyntaxKind.FalseKeyword) return { value: false };
  if (expression.kind === ts.SyntaxKind.NullKeyword) return { value: null };
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(expression.operand)) {
    return { value: -Number(expression.operand.text) };
  }
  if (ts.isArrayLiteralExpression(expression)) {
    const values: unknown[] = [];
    for (const element of expression.elements) {
      const read = readLiteral(element);
      if (read === undefined) return undefined;
      values.push(read.value);
    }
    return { value: values };
  }
  if (ts.isObjectLiteralExpression(expression)) {
    const record: Record<string, unknown> = {};
    for (const property of expression.properties) {
      if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return undefined;
      const read = readLiteral(property.initializer);
      if (read === undefined) return undefined;
      record[property.name.text] = read.value;
    }
    return { value: record };
  }
  return undefined;
}
