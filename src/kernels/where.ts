/**
 * Row-wise choice between two columns (numpy's `where`, Arrow's `if_else`).
 */
import { allSetBitmap, bitmapByteLength, clearPaddingBits, usedBytes } from "./bitmap.ts";
import { checkSameLength } from "./kernel-error.ts";
import { float64Vector } from "./make-vector.ts";
import { type NumericColumn, readBool, readOperand } from "./read-column.ts";
import type { BoolVector, Float64Vector, Operand } from "./types.ts";

/**
 * Picks `whenTrue` where the condition is true and `whenFalse` where it is false.
 * @param condition a Bool vector
 * @param whenTrue a numeric column of the condition's length, or a number
 * @param whenFalse a numeric column of the condition's length, or a number
 * @returns a Float64 vector; null where the condition is null or the chosen value is null
 * @throws FuncflowError `type_mismatch` when the condition is not Bool or a branch is not numeric; `length_mismatch` when lengths differ
 * @example
 * const price = vectorFromArray([50, 150, null]);
 * where(gt(price, 100), 100, price) // → [50, 100, null]
 */
export function where(condition: BoolVector, whenTrue: Operand, whenFalse: Operand): Float64Vector {
  const cond = readBool(condition, "where", "condition");
  const length = cond.length;
  const onTrue = broadcast(readOperand(whenTrue, "where", "whenTrue"), length);
  const onFalse = broadcast(readOperand(whenFalse, "where", "whenFalse"), length);
  checkSameLength("where", "condition", length, "whenTrue", onTrue.length);
  checkSameLength("where", "condition", length, "whenFalse", onFalse.length);
  const out = new Float64Array(length);
  choose(cond.bits, onTrue.values, onFalse.values, out);
  return float64Vector(out, chosenValidity(cond.bits, cond.validity, onTrue.validity, onFalse.validity, length));
}

function broadcast(operand: NumericColumn | number, length: number): NumericColumn {
  if (typeof operand !== "number") return operand;
  return { values: new Float64Array(length).fill(operand), validity: null, length };
}

function choose(bits: Uint8Array, onTrue: Float64Array, onFalse: Float64Array, out: Float64Array): void {
  const length = out.length;
  // Bytes whose eight conditions agree (common in sorted or clustered data) skip the per-row
  // bit test; mixed bytes pay a branch per row, as a hand-written `c[i] ? a[i] : b[i]` does.
  for (let byte = 0, start = 0; start < length; byte++, start += 8) {
    const mask = bits[byte]!;
    const end = length < start + 8 ? length : start + 8;
    if (mask === 0xff) for (let i = start; i < end; i++) out[i] = onTrue[i]!;
    else if (mask === 0) for (let i = start; i < end; i++) out[i] = onFalse[i]!;
    else for (let i = start; i < end; i++) out[i] = (mask >> (i - start)) & 1 ? onTrue[i]! : onFalse[i]!;
  }
}

/** Valid where the condition is valid and the branch it picks is valid, a byte at a time. */
function chosenValidity(
  bits: Uint8Array,
  conditionValidity: Uint8Array | null,
  trueValidity: Uint8Array | null,
  falseValidity: Uint8Array | null,
  length: number,
): Uint8Array | null {
  if (conditionValidity === null && trueValidity === null && falseValidity === null) return null;
  const all = allSetBitmap(length);
  const condValid = conditionValidity ?? all;
  const trueValid = trueValidity ?? all;
  const falseValid = falseValidity ?? all;
  const validity = new Uint8Array(bitmapByteLength(length));
  const byteCount = usedBytes(length);
  for (let b = 0; b < byteCount; b++) {
    const picked = (bits[b]! & trueValid[b]!) | (~bits[b]! & falseValid[b]!);
    validity[b] = condValid[b]! & picked;
  }
  clearPaddingBits(validity, length);
  return validity;
}
