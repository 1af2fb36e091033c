import { createHash } from "node:crypto";

/** sha256 (hex) of a module's source text: the key of its cached manifest. */
export function contentHash(sourceText: string): string {
  return createHash("sha256").update(sourceText).digest("hex");
}
