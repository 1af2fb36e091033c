/**
 * The fields of a function's declared object return type, for `extractFields` without a field
 * list: a type literal (`(): { a: number } =>`), or an interface or type alias declared at the
 * top of the module or imported from a relative module (see find-type-declaration.ts), through
 * `Promise<…>`, intersections, aliases of aliases and interfaces' `extends`, across files. Syntax only, like the rest of
 * the scanner: a type from a package, or one only the checker could work out, yields no fields
 * (the user then lists them), and an import that cannot be followed says why.
 */
import { ts } from "ts-morph";
import type { ManifestField } from "../manifest/index.ts";
import { findQualifiedTypeDeclaration, findTypeDeclaration, type LookupProblem, type TypeLookup, type TypePlace } from "./find-type-declaration.ts";
import type { TypeFiles } from "./type-files.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { isIdentifier, isInterfaceDeclaration, isIntersectionTypeNode, isParenthesizedTypeNode, isPropertyAccessExpression, isPropertySignature, isStringLiteral, isTypeLiteralNode, isTypeReferenceNode } = ts;

const MAX_ALIAS_DEPTH = 8;

/** The fields read, or undefined with the reason when an imported type could not be followed. */
export interface ReturnFieldsReading {
  readonly fields: ManifestField[] | undefined;
  readonly problem?: LookupProblem;
}

/**
 * The fields of `type` as written in `sourceFile`, or undefined when they cannot be read.
 * `files`, when given, follows types imported from relative modules (and records what it read).
 * @example readReturnFields(fn.type, sourceFile, files); // { fields: [{ name: "low", type: "number", optional: false }, …] } for `(): Bounds`
 */
export function readReturnFields(type: ts.TypeNode | undefined, sourceFile: ts.SourceFile, files?: TypeFiles): ReturnFieldsReading {
  if (type === undefined) return { fields: undefined };
  const reading: Reading = { files, problem: undefined };
  const fields = fieldsOf(type, { sourceFile, path: files?.modulePath }, 0, reading);
  return fields === undefined && reading.problem !== undefined ? { fields, problem: reading.problem } : { fields };
}

interface Reading {
  readonly files: TypeFiles | undefined;
  /** The first import that could not be followed. */
  problem: LookupProblem | undefined;
}

function fieldsOf(type: ts.TypeNode, place: TypePlace, depth: number, reading: Reading): ManifestField[] | undefined {
  if (depth > MAX_ALIAS_DEPTH) return undefined;
  if (isParenthesizedTypeNode(type)) return fieldsOf(type.type, place, depth, reading);
  if (isTypeLiteralNode(type)) return membersOf(type.members, place.sourceFile);
  if (isIntersectionTypeNode(type)) {
    const parts = type.types.map((part) => fieldsOf(part, place, depth + 1, reading));
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  if (!isTypeReferenceNode(type)) return undefined;
  const { typeName } = type;
  let found: TypeLookup;
  if (isIdentifier(typeName)) {
    if (typeName.text === "Promise" && type.typeArguments?.length === 1) return fieldsOf(type.typeArguments[0]!, place, depth + 1, reading);
    found = findTypeDeclaration(typeName.text, place, reading.files);
  } else if (isIdentifier(typeName.left)) {
    found = findQualifiedTypeDeclaration(typeName.left.text, typeName.right.text, place, reading.files);
  } else {
    return undefined;
  }
  return fieldsOfFound(found, depth + 1, reading);
}

function fieldsOfFound(found: TypeLookup, depth: number, reading: Reading): ManifestField[] | undefined {
  if (found.kind === "problem") reading.problem ??= found;
  if (found.kind !== "found" || depth > MAX_ALIAS_DEPTH) return undefined;
  const { declaration, place } = found;
  if (!isInterfaceDeclaration(declaration)) return fieldsOf(declaration.type, place, depth, reading);
  const own = membersOf(declaration.members, place.sourceFile);
  if (own === undefined || declaration.heritageClauses === undefined) return own;
  // `interface Split extends Base` (a TypedDict subclass in Hamilton): the bases' fields first,
  // then its own, which replace a base's field of the same name as TypeScript's do.
  const fields: ManifestField[] = [];
  for (const clause of declaration.heritageClauses) {
    for (const base of clause.types) {
      const inherited = fieldsOfFound(findBase(base.expression, place, reading), depth + 1, reading);
      if (inherited === undefined) return undefined;
      for (const field of inherited) if (!fields.some((known) => known.name === field.name)) fields.push(field);
    }
  }
  return [...fields.filter((field) => !own.some((mine) => mine.name === field.name)), ...own];
}

/** The declaration an `extends` clause names: `Base` or `t.Base`. */
function findBase(expression: ts.Expression, place: TypePlace, reading: Reading): TypeLookup {
  if (isIdentifier(expression)) return findTypeDeclaration(expression.text, place, reading.files);
  if (isPropertyAccessExpression(expression) && isIdentifier(expression.expression)) return findQualifiedTypeDeclaration(expression.expression.text, expression.name.text, place, reading.files);
  return { kind: "absent" };
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
