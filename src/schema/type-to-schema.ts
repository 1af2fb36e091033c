/**
 * The walk from a TypeScript checker type to JSON Schema: primitives, literal unions, nullable
 * unions, arrays, tuples, records and interfaces, Date, bigint, typed arrays, Arrow vectors and
 * typed Arrow tables. A type with no JSON form throws `unsupported_type` naming it; nothing is
 * ever left as a silent `{}`.
 */
import type { ts } from "ts-morph";
import { typescript } from "./lazy-ts-morph.ts";
import { arrowValueSchema } from "./arrow-type-schema.ts";
import { ANY_ARROW_VALUE, type JsonSchema, type JsonType } from "./json-schema.ts";
import { invalidArgument } from "../errors/index.ts";
import { requireTypeSite, unsupportedType, type TypeSite } from "./unsupported-type.ts";

const TYPED_ARRAYS: Readonly<Record<string, JsonSchema>> = {
  Float32Array: { type: "number" },
  Float64Array: { type: "number" },
  Int8Array: { type: "integer", minimum: -128, maximum: 127 },
  Int16Array: { type: "integer", minimum: -32768, maximum: 32767 },
  Int32Array: { type: "integer", minimum: -2147483648, maximum: 2147483647 },
  Uint8Array: { type: "integer", minimum: 0, maximum: 255 },
  Uint8ClampedArray: { type: "integer", minimum: 0, maximum: 255 },
  Uint16Array: { type: "integer", minimum: 0, maximum: 65535 },
  Uint32Array: { type: "integer", minimum: 0, maximum: 4294967295 },
  BigInt64Array: { type: "integer", format: "int64", "x-js-type": "bigint" },
  BigUint64Array: { type: "integer", format: "int64", "x-js-type": "bigint" },
};

/** Library classes whose instances JSON cannot carry. */
const NO_JSON_FORM = new Set(["Map", "Set", "WeakMap", "WeakSet", "RegExp", "Promise", "Error", "ArrayBuffer", "SharedArrayBuffer", "DataView", "Function", "Symbol"]);

/** How a type's text is printed (made on first use: ts-morph loads lazily). */
const textFlags = () => typescript().TypeFormatFlags.NoTruncation | typescript().TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

/**
 * The JSON Schema of `type`.
 * @param site the node (or input) whose type this is, for error messages.
 * @throws FuncflowError `invalid_argument` when `type`, `checker` or `site` is not what the compiler API gives (a ts.Type, a TypeChecker, { node, path }).
 * @throws FuncflowError `unsupported_type` naming the node, the path inside the type and the type.
 * @example typeToSchema(checker.getTypeAtLocation(node), checker, { node: "spend", path: [] })
 */
export function typeToSchema(type: ts.Type, checker: ts.TypeChecker, site: TypeSite): JsonSchema {
  if (typeof type !== "object" || type === null || typeof type.flags !== "number") throw invalidArgument("typeToSchema", "type", type, "a TypeScript type (ts.Type), e.g. checker.getTypeAtLocation(node)");
  if (typeof checker !== "object" || checker === null || typeof checker.getPropertiesOfType !== "function") throw invalidArgument("typeToSchema", "checker", checker, "the program's type checker (program.getTypeChecker())");
  requireTypeSite("typeToSchema", site);
  return new TypeWalk(checker).walk(type, site);
}

class TypeWalk {
  readonly #checker: ts.TypeChecker;
  /** The object types being walked: meeting one again is a recursive type. */
  readonly #open = new Set<ts.Type>();

  constructor(checker: ts.TypeChecker) {
    this.#checker = checker;
  }

  walk(type: ts.Type, site: TypeSite): JsonSchema {
    const flags = type.flags;
    if (flags & typescript().TypeFlags.Any) return this.#fail(type, site, "`any` says nothing about the value");
    if (flags & typescript().TypeFlags.Unknown) return this.#fail(type, site, "`unknown` says nothing about the value");
    if (flags & typescript().TypeFlags.Never) return this.#fail(type, site, "`never` has no values");
    if (flags & (typescript().TypeFlags.Undefined | typescript().TypeFlags.Void)) return this.#fail(type, site, "JSON has no `undefined`");
    if (flags & typescript().TypeFlags.Null) return { type: "null" };
    if (flags & typescript().TypeFlags.Boolean) return { type: "boolean" };
    if (type.isUnion()) return this.#union(type, site);
    if (type.isStringLiteral()) return { type: "string", const: type.value };
    if (type.isNumberLiteral()) return { type: "number", const: type.value };
    if (flags & typescript().TypeFlags.BooleanLiteral) return { type: "boolean", const: this.#text(type) === "true" };
    if (flags & (typescript().TypeFlags.String | typescript().TypeFlags.TemplateLiteral)) return { type: "string" };
    if (flags & typescript().TypeFlags.Number) return { type: "number" };
    if (flags & (typescript().TypeFlags.BigInt | typescript().TypeFlags.BigIntLiteral)) return { type: "integer", format: "int64", "x-js-type": "bigint" };
    if (flags & (typescript().TypeFlags.ESSymbol | typescript().TypeFlags.UniqueESSymbol)) return this.#fail(type, site, "JSON has no symbols");
    if (flags & typescript().TypeFlags.TypeParameter) {
      const constraint = this.#checker.getBaseConstraintOfType(type);
      if (constraint === undefined || constraint === type) return this.#fail(type, site, "an unconstrained type parameter says nothing about the value");
      return this.walk(constraint, site);
    }
    if (flags & typescript().TypeFlags.Object || type.isIntersection()) return this.#objectLike(type, site);
    return this.#fail(type, site, "funcflow does not map this kind of type");
  }

  /** `T | null`, `T | undefined` (optional), literal unions as `enum`, other unions as `anyOf`. */
  #union(type: ts.UnionType, site: TypeSite): JsonSchema {
    let members = type.types.filter((member) => !(member.flags & (typescript().TypeFlags.Undefined | typescript().TypeFlags.Void)));
    const nullable = members.some((member) => member.flags & typescript().TypeFlags.Null);
    members = members.filter((member) => !(member.flags & typescript().TypeFlags.Null));
    if (members.length === 0) return nullable ? { type: "null" } : this.#fail(type, site, "JSON has no `undefined`");
    const inner = this.#nonNullUnion(members, site);
    return nullable ? withNull(inner) : inner;
  }

  #nonNullUnion(members: readonly ts.Type[], site: TypeSite): JsonSchema {
    const booleans = members.filter((member) => member.flags & typescript().TypeFlags.BooleanLiteral);
    const rest = members.filter((member) => !(member.flags & typescript().TypeFlags.BooleanLiteral));
    // `boolean` reaches the checker as `true | false`.
    const parts: ts.Type[] = booleans.length === 2 ? [] : booleans;
    const schemas: JsonSchema[] = booleans.length === 2 ? [{ type: "boolean" }] : [];
    parts.push(...rest);
    if (parts.length > 0 && parts.every((member) => member.isLiteral() || member.flags & typescript().TypeFlags.BooleanLiteral)) {
      const values = parts.map((member) => (member.isLiteral() ? member.value : this.#text(member) === "true"));
      const types = [...new Set(values.map((value) => (typeof value === "string" ? "string" : typeof value === "boolean" ? "boolean" : "number")))] as JsonType[];
      schemas.push({ type: types.length === 1 ? types[0]! : types, enum: values });
    } else {
      schemas.push(...parts.map((member) => this.walk(member, site)));
    }
    return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
  }

  #objectLike(type: ts.Type, site: TypeSite): JsonSchema {
    const name = type.getSymbol()?.getName() ?? "";
    const fromLibrary = this.#declaredIn(type, isLibraryFile);
    if (fromLibrary && name === "Date") return { type: "string", format: "date-time", "x-js-type": "Date" };
    if (fromLibrary && TYPED_ARRAYS[name] !== undefined) return { type: "array", items: TYPED_ARRAYS[name], "x-typed-array": name };
    if (fromLibrary && NO_JSON_FORM.has(name)) return this.#fail(type, site, `a ${name} has no JSON form`);
    if (this.#declaredIn(type, isArrowFile)) return this.#arrow(type, name, site);
    if (this.#checker.isTupleType(type)) return this.#tuple(type as ts.TypeReference, site);
    if (this.#checker.isArrayType(type)) {
      const [element] = this.#checker.getTypeArguments(type as ts.TypeReference);
      return { type: "array", items: this.walk(element!, { ...site, path: [...site.path, "items"] }) };
    }
    if (type.getCallSignatures().length > 0) return this.#fail(type, site, "a function has no JSON form");
    if (this.#open.has(type)) return this.#fail(type, site, "recursive types are not mapped yet");
    this.#open.add(type);
    try {
      return this.#object(type, site);
    } finally {
      this.#open.delete(type);
    }
  }

  #tuple(type: ts.TypeReference, site: TypeSite): JsonSchema {
    const elements = this.#checker.getTypeArguments(type);
    const target = type.target as ts.TupleType;
    const prefixItems = elements.map((element, index) => this.walk(element, { ...site, path: [...site.path, index] }));
    const required = target.elementFlags?.filter((flag) => flag & typescript().ElementFlags.Required).length ?? elements.length;
    if (target.hasRestElement) return this.#fail(type, site, "tuples with a rest element are not mapped yet");
    return { type: "array", prefixItems, items: false, minItems: required, maxItems: elements.length };
  }

  /** An interface, type literal or record: declared properties, plus an index signature's values. */
  #object(type: ts.Type, site: TypeSite): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of this.#checker.getPropertiesOfType(type)) {
      const name = property.getName();
      // Symbol-keyed members (`[Symbol.iterator]`) make an iterable or a class, not a record.
      if (name.startsWith("__@")) return this.#fail(type, site, "an object with symbol-keyed members (an iterable, a class instance) has no JSON form");
      const propertyType = this.#propertyType(property);
      const optional = (property.flags & typescript().SymbolFlags.Optional) !== 0;
      const schema = this.walk(propertyType, { ...site, path: [...site.path, name] });
      const description = typescript().displayPartsToString(property.getDocumentationComment(this.#checker)).trim();
      // defineProperty, not assignment: a property named `__proto__` must stay an own key.
      Object.defineProperty(properties, name, { value: description === "" ? schema : { ...schema, description }, enumerable: true, writable: true, configurable: true });
      if (!optional) required.push(name);
    }
    const index = this.#checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & typescript().TypeFlags.String);
    const additionalProperties = index === undefined ? false : this.walk(index.type, { ...site, path: [...site.path, "*"] });
    return {
      type: "object",
      ...(Object.keys(properties).length > 0 && { properties }),
      ...(required.length > 0 && { required }),
      additionalProperties,
    };
  }

  #propertyType(property: ts.Symbol): ts.Type {
    return this.#checker.getTypeOfSymbol(property);
  }

  /** `Vector<T>` as an array of T's values; `Table<{ column: T }>` as an object of such arrays. */
  #arrow(type: ts.Type, name: string, site: TypeSite): JsonSchema {
    const [argument] = type.flags & typescript().TypeFlags.Object ? this.#checker.getTypeArguments(type as ts.TypeReference) : [];
    if (name === "Vector") {
      if (argument === undefined || argument.flags & typescript().TypeFlags.Any) return { type: "array", items: ANY_ARROW_VALUE, "x-arrow-type": "unknown" };
      return this.#column(argument, { ...site, path: [...site.path] });
    }
    if (name === "Table") {
      if (argument === undefined || argument.flags & typescript().TypeFlags.Any) {
        return { type: "object", additionalProperties: { type: "array", items: ANY_ARROW_VALUE }, "x-arrow-type": "Table" };
      }
      const properties: Record<string, JsonSchema> = {};
      for (const column of this.#checker.getPropertiesOfType(argument)) {
        properties[column.getName()] = this.#column(this.#propertyType(column), { ...site, path: [...site.path, column.getName()] });
      }
      return { type: "object", properties, required: Object.keys(properties), additionalProperties: false, "x-arrow-type": "Table" };
    }
    return this.#fail(type, site, `the Arrow ${name} is not mapped; use Vector<T> or Table<{ … }>`);
  }

  #column(dataType: ts.Type, site: TypeSite): JsonSchema {
    let arrowName = dataType.getSymbol()?.getName() ?? this.#text(dataType);
    // A dictionary column's values are its value type's.
    if (arrowName === "Dictionary") {
      const [valueType] = this.#checker.getTypeArguments(dataType as ts.TypeReference);
      arrowName = valueType?.getSymbol()?.getName() ?? arrowName;
    }
    const items = arrowValueSchema(arrowName);
    if (items === undefined) return this.#fail(dataType, site, `the Arrow type ${arrowName} is not mapped to JSON yet`);
    return { type: "array", items, "x-arrow-type": arrowName };
  }

  #declaredIn(type: ts.Type, test: (fileName: string) => boolean): boolean {
    const declarations = type.getSymbol()?.getDeclarations() ?? [];
    return declarations.some((declaration) => test(declaration.getSourceFile().fileName));
  }

  #text(type: ts.Type): string {
    return this.#checker.typeToString(type, undefined, textFlags());
  }

  #fail(type: ts.Type, site: TypeSite, reason: string): never {
    throw unsupportedType(site, this.#text(type), reason);
  }
}

function isLibraryFile(fileName: string): boolean {
  return /(^|\/)lib\.[\w.]*\.d\.ts$/.test(fileName) || fileName.includes("/@types/node/");
}

function isArrowFile(fileName: string): boolean {
  return fileName.includes("/apache-arrow/");
}

function withNull(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === "string" && schema.enum === undefined && schema.const === undefined) return { ...schema, type: [schema.type, "null"] };
  if (schema.enum !== undefined) {
    const types = ([] as JsonType[]).concat(schema.type ?? []);
    return { ...schema, type: [...types, "null"], enum: [...schema.enum, null] };
  }
  return { anyOf: [...(schema.anyOf ?? [schema]), { type: "null" }] };
}
