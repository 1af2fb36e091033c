/** Arrow values recognized by shape, so no caller loads apache-arrow to ask (materialize, the schema validator). */

export interface TableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: unknown }[] };
}

export interface VectorLike {
  readonly length: number;
  readonly type: { readonly typeId: number };
}

export function isTableLike(value: unknown): value is TableLike {
  const candidate = value as { schema?: { fields?: unknown }; batches?: unknown; numRows?: unknown } | null;
  return typeof candidate === "object" && candidate !== null && Array.isArray(candidate.schema?.fields) && Array.isArray(candidate.batches) && typeof candidate.numRows === "number";
}

export function isVectorLike(value: unknown): value is VectorLike {
  const candidate = value as { type?: { typeId?: unknown }; data?: unknown; get?: unknown } | null;
  return typeof candidate === "object" && candidate !== null && Array.isArray(candidate.data) && typeof candidate.type?.typeId === "number" && typeof candidate.get === "function";
}
