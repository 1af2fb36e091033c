/**
 * A node name (or any caller-given text) as one file-name segment that cannot leave its folder:
 * a plain name (letters, digits, `_`, `-`, `.`, not starting with `.`, at most 100 characters)
 * stays as it is, so cache folders remain readable; anything else (`..`, `a/b`, NUL, a name too
 * long for a file system) becomes `~<readable part>-<hash>`. A plain name never starts with `~`,
 * so the two kinds never collide.
 */
import { createHash } from "node:crypto";

const PLAIN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/;

/** @example safeFileName("../../escaped") // "~______escaped-3b0f…" */
export function safeFileName(name: string): string {
  if (PLAIN.test(name)) return name;
  const readable = name.slice(0, 40).replace(/[^A-Za-z0-9_-]/g, "_");
  return `~${readable}-${createHash("sha256").update(name, "utf8").digest("hex").slice(0, 24)}`;
}
