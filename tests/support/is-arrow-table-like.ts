/** True for an Arrow Table rebuilt in this thread (its class, not just its shape). */
import { Table } from "apache-arrow";

export function isArrowTableLike(value: unknown): boolean {
  return value instanceof Table;
}
