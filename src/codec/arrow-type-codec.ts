/**
 * Arrow data types as plain data, and back. Arrow's own IPC writer recognizes types with
 * `instanceof`, so it mis-writes a type made by another copy of apache-arrow (a worker may load
 * the CommonJS build while the codec loads the ES module build); this reads the fields every
 * DataType carries instead, and rebuilds the type with the receiving thread's library.
 */
import type { DataType, Field, Schema } from "apache-arrow";
import type { Arrow } from "./load-arrow.ts";

/** A DataType's identifying fields; `children` and `dictionary`/`indices` are nested descriptions. */
export interface TypeDescription {
  readonly typeId: number;
  readonly [property: string]: unknown;
}

export interface FieldDescription {
  readonly name: string;
  readonly type: TypeDescription;
  readonly nullable: boolean;
  readonly metadata: readonly (readonly [string, string])[];
}

const SCALAR_PROPERTIES = ["precision", "bitWidth", "isSigned", "unit", "timezone", "scale", "byteWidth", "listSize", "mode", "typeIds", "keysSorted", "id", "isOrdered"];

/** @example describeType(new Float64()); // { typeId: 3, precision: 2 } */
export function describeType(type: DataType): TypeDescription {
  const source = type as unknown as Record<string, unknown>;
  const description: Record<string, unknown> = { typeId: type.typeId };
  for (const property of SCALAR_PROPERTIES) {
    const value = source[property];
    if (value !== undefined) description[property] = ArrayBuffer.isView(value) ? Array.from(value as Int32Array) : value;
  }
  if (Array.isArray(source["children"])) description["children"] = (source["children"] as Field[]).map(describeField);
  if (source["dictionary"] !== undefined) description["dictionary"] = describeType(source["dictionary"] as DataType);
  if (source["indices"] !== undefined) description["indices"] = describeType(source["indices"] as DataType);
  return description as TypeDescription;
}

export function describeField(field: Field): FieldDescription {
  return { name: field.name, type: describeType(field.type), nullable: field.nullable, metadata: [...(field.metadata ?? new Map<string, string>())] };
}

export function describeSchema(schema: Schema): { readonly fields: readonly FieldDescription[]; readonly metadata: readonly (readonly [string, string])[] } {
  return { fields: schema.fields.map(describeField), metadata: [...(schema.metadata ?? new Map<string, string>())] };
}

export function rebuildSchema(description: ReturnType<typeof describeSchema>, lib: Arrow): Schema {
  return new lib.Schema(description.fields.map((field) => rebuildField(field, lib)), new Map(description.metadata));
}

export function rebuildField(description: FieldDescription, lib: Arrow): Field {
  return new lib.Field(description.name, rebuildType(description.type, lib), description.nullable, new Map(description.metadata));
}

/**
 * The DataType a description stands for, made with `lib`.
 * @throws Error for a type id this version does not know.
 */
export function rebuildType(d: TypeDescription, lib: Arrow): DataType {
  const { Type } = lib;
  const n = (key: string) => d[key] as never;
  const children = () => (d["children"] as FieldDescription[]).map((child) => rebuildField(child, lib));
  switch (d.typeId) {
    case Type.Null: return new lib.Null();
    case Type.Int: return new lib.Int(n("isSigned"), n("bitWidth"));
    case Type.Float: return new lib.Float(n("precision"));
    case Type.Binary: return new lib.Binary();
    case Type.LargeBinary: return new lib.LargeBinary();
    case Type.Utf8: return new lib.Utf8();
    case Type.LargeUtf8: return new lib.LargeUtf8();
    case Type.Bool: return new lib.Bool();
    case Type.Decimal: return new lib.Decimal(n("scale"), n("precision"), n("bitWidth"));
    case Type.Date: return new lib.Date_(n("unit"));
    case Type.Time: return new lib.Time(n("unit"), n("bitWidth"));
    case Type.Timestamp: return new lib.Timestamp(n("unit"), n("timezone"));
    case Type.Interval: return new lib.Interval(n("unit"));
    case Type.Duration: return new lib.Duration(n("unit"));
    case Type.List: return new lib.List(children()[0]!);
    case Type.Struct: return new lib.Struct(children());
    case Type.Union: return new lib.Union(n("mode"), n("typeIds"), children());
    case Type.FixedSizeBinary: return new lib.FixedSizeBinary(n("byteWidth"));
    case Type.FixedSizeList: return new lib.FixedSizeList(n("listSize"), children()[0]!);
    case Type.Map: return new lib.Map_(children()[0]! as never, n("keysSorted"));
    case Type.Dictionary:
      return new lib.Dictionary(rebuildType(d["dictionary"] as TypeDescription, lib), rebuildType(d["indices"] as TypeDescription, lib) as never, n("id"), n("isOrdered"));
    default:
      throw new Error(`an Arrow type with id ${d.typeId} cannot cross threads yet`);
  }
}
