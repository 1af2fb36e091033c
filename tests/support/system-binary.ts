/**
 * Tests that need a system binary (chromium, redis-server) skip with a notice naming the
 * Debian package when it is absent.
 */
import { existsSync } from "node:fs";

/** The binary's path when it exists, else undefined after printing which package provides it. */
export function systemBinary(path: string, debianPackage: string): string | undefined {
  if (existsSync(path)) return path;
  console.warn(`Skipping: ${path} is missing. Install the Debian package \`${debianPackage}\` (apt-get install ${debianPackage}) to run these tests.`);
  return undefined;
}
