/** The Apache Arrow bridge: values to vectors, the Arrow columnar adapter and the Arrow Table result builder. */
export { toVector } from "./to-vector.ts";
export { repeatScalarVector } from "./repeat-scalar-vector.ts";
export { stringsToVector } from "./strings-to-vector.ts";
export { isArrowVector } from "./is-arrow-vector.ts";
export { isArrowTable } from "./is-arrow-table.ts";
export { arrowAdapter } from "./arrow-adapter.ts";
export { arrowTableResult } from "./arrow-table-result.ts";
export { requireArrowTable } from "./require-arrow-table.ts";
