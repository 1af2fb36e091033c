/**
 * The types edge checks compare: a checker type, or an Arrow column read out of a typed
 * `Table<{ … }>` by `extractColumns`. The public checker API cannot instantiate `Vector<D>`
 * for a column's data type `D`, so such a column is kept as its parts and compared by them:
 * against a `Vector<X>` parameter its `D` must fit `X`; against anything else the generic
 * `Vector` must.
 */
import { ts } from "ts-morph";

/** A column of a typed Arrow table: a `Vector` of `element`. */
export interface VectorColumnType {
  readonly kind: "vector-column";
  /** The column's data type (`Float64`, `Utf8`, …). */
  readonly element: ts.Type;
  /** The generic `Vector<T>` (the target of every `Vector<…>` reference). */
  readonly vector: ts.Type;
}

/** A type an edge check compares. */
export type CheckedType = ts.Type | VectorColumnType;

/** True for a column of a typed table. */
export function isVectorColumn(type: CheckedType): type is VectorColumnType {
  return (type as VectorColumnType).kind === "vector-column";
}

/**
 * `checker.isTypeAssignableTo`, extended to table columns.
 * @example isAssignable(checker, columnType, parameterType);
 */
export function isAssignable(checker: ts.TypeChecker, source: CheckedType, target: CheckedType): boolean {
  if (isVectorColumn(target)) return isVectorColumn(source) && checker.isTypeAssignableTo(source.element, target.element);
  if (!isVectorColumn(source)) return checker.isTypeAssignableTo(source, target);
  if ((target.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return true;
  const members = target.isUnion() ? target.types : [target];
  return members.some((member) => {
    const reference = member as ts.TypeReference;
    if ((reference.flags & ts.TypeFlags.Object) !== 0 && reference.target === source.vector) {
      const [argument] = checker.getTypeArguments(reference);
      return argument === undefined || checker.isTypeAssignableTo(source.element, argument);
    }
    return checker.isTypeAssignableTo(source.vector, member);
  });
}

/** The type's text for a report. */
export function checkedTypeText(checker: ts.TypeChecker, type: CheckedType, at: ts.Node | undefined): string {
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
  return isVectorColumn(type) ? `Vector<${checker.typeToString(type.element, at, flags)}>` : checker.typeToString(type, at, flags);
}

/**
 * The column `name` of `table` (an awaited return type): a `Vector` of the column's data type
 * for an Arrow `Table<{ … }>`, the property's type for a record of vectors, else undefined.
 */
export function columnType(checker: ts.TypeChecker, table: ts.Type, name: string, at: ts.Node): CheckedType | undefined {
  const getChild = checker.getPropertyOfType(table, "getChild");
  const reference = table as ts.TypeReference;
  if (getChild !== undefined && (reference.flags & ts.TypeFlags.Object) !== 0 && reference.target !== undefined) {
    const [schema] = checker.getTypeArguments(reference);
    const vector = vectorTarget(checker, getChild);
    const column = schema === undefined ? undefined : checker.getPropertyOfType(schema, name);
    if (column === undefined || vector === undefined) return undefined;
    return { kind: "vector-column", element: checker.getTypeOfSymbolAtLocation(column, at), vector };
  }
  const property = checker.getPropertyOfType(table, name);
  return property === undefined ? undefined : checker.getTypeOfSymbolAtLocation(property, at);
}

/**
 * An Arrow `Table` whose columns are not declared (`Table`, i.e. `Table<any>`): the graph types
 * its columns `Vector` and the typings `Vector<any>`, but no edge from them can be checked.
 */
export function isUndeclaredArrowTable(checker: ts.TypeChecker, table: ts.Type): boolean {
  const reference = table as ts.TypeReference;
  if (checker.getPropertyOfType(table, "getChild") === undefined || (reference.flags & ts.TypeFlags.Object) === 0 || reference.target === undefined) return false;
  const [schema] = checker.getTypeArguments(reference);
  return schema !== undefined && (schema.flags & ts.TypeFlags.Any) !== 0;
}

/**
 * The name of the column at `index` of `table` (declaration order of an Arrow `Table<{ … }>`'s
 * schema, or of a record's properties): `parameterizeExtractColumns` renames columns by position.
 */
export function columnNameAt(checker: ts.TypeChecker, table: ts.Type, index: number): string | undefined {
  const getChild = checker.getPropertyOfType(table, "getChild");
  const reference = table as ts.TypeReference;
  const isTable = getChild !== undefined && (reference.flags & ts.TypeFlags.Object) !== 0 && reference.target !== undefined;
  const schema = isTable ? checker.getTypeArguments(reference)[0] : table;
  return schema === undefined ? undefined : checker.getPropertiesOfType(schema)[index]?.name;
}

/** The generic `Vector` from `Table.getChild`'s declared return type (`Vector<T[P]> | null`). */
function vectorTarget(checker: ts.TypeChecker, getChild: ts.Symbol): ts.Type | undefined {
  const declaration = getChild.declarations?.[0];
  if (declaration === undefined || !ts.isMethodDeclaration(declaration) || declaration.type === undefined) return undefined;
  const returned = declaration.type;
  const references = ts.isUnionTypeNode(returned) ? returned.types : [returned];
  for (const node of references) {
    if (!ts.isTypeReferenceNode(node)) continue;
    const type = checker.getTypeFromTypeNode(node) as ts.TypeReference;
    if (type.target !== undefined) return type.target;
  }
  return undefined;
}
