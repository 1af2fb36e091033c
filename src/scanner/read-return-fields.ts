/**
 * The fields of a function's declared object return type, for `extractFields` without a field
 * list: a type literal (`(): { a: number } =>`), or an interface or type alias declared at the
 * top of the same module, through `Promise<…>`, intersections and aliases of aliases. Syntax
 * only, like the rest of the scanner: a type from another module, or one only the checker could
 * work out, yields no fields (the user then lists them).
 */
import { ts } from "ts-morph";
import type { ManifestField } from "../manifest/index.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { isIdentifier, isInterfaceDeclaration, isIntersectionTypeNode, isParenthesizedTypeNode, isPropertySignature, isStringLiteral, isTypeAliasDeclaration, isTypeLiteralNode, isTypeReferenceNode } = ts;

const MAX_ALIAS_DEPTH = 8;

/**
 * The fields of `type` as written in `sourceFile`, or undefined when they cannot be read.
 * @example readReturnFields(fn.type, sourceFile); // [{ name: "low", type: "number", optional: false }, …] for `(): Bounds`
 */
export function readReturnFields(type: ts.TypeNode | undefined, sourceFile: ts.SourceFile): ManifestField[] | undefined {
  return type === undefined ? undefined : fieldsOf(type, sourceFile, 0);
}

function fieldsOf(type: ts.TypeNode, sourceFile: ts.SourceFile, depth: number): ManifestField[] | undefined {
  if (depth > MAX_ALIAS_DEPTH) return undefined;
  if (isParenthesizedTypeNode(type)) return fieldsOf(type.type, sourceFile, depth);
  if (isTypeLiteralNode(type)) return membersOf(type.members, sourceFile);
  if (isIntersectionTypeNode(type)) {
    const parts = type.types.map((part) => fieldsOf(part, sourceFile, depth + 1));
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  if (!isTypeReferenceNode(type) || !isIdentifier(type.typeName)) return undefined;
  const name = type.typeName.text;
  if (name === "Promise" && type.typeArguments?.length === 1) return fieldsOf(type.typeArguments[0]!, sourceFile, depth + 1);
  for (const statement of sourceFile.statements) {
    if (isInterfaceDeclaration(statement) && statement.name.text === name && statement.heritageClauses === undefined) {
      return membersOf(statement.members, sourceFile);
    }
    if (isTypeAliasDeclaration(statement) && statement.name.text === name) return fieldsOf(statement.type, sourceFile, depth + 1);
  }
  return undefined;
}

function membersOf(members: ts.NodeArray<ts.TypeElement>, sourceFile: ts.SourceFile): ManifestField[] | undefined {
  const fields: ManifestField[] = [];
  for (const member of members) {
    if (!isPropertySignature(member)) continue;
    const name = isIdentifier(member.name) || isStringLiteral(member.name) ? member.name.text : undefined;
    if (name === undefined) return undefined;
    fields.push({ name, type: member.type?.getText(sourceFile) ?? "unknown", optional: member.questionToken !== undefined });
  }
  return fields;
}
