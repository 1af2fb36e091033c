/**
 * Tests that need a system program (Chromium, redis-server) skip, with a notice naming the Debian
 * package to install, when it is absent.
 */
import { existsSync } from "node:fs";

/** The binary's path when it exists, else undefined after printing which package provides it. */
export function systemBinary(path: string, debianPackage: string): string | undefined {
  if (existsSync(path)) return path;
  console.warn(`skipping: ${path} is absent; install the Debian package \`${debianPackage}\` (apt-get install ${debianPackage}) to run these tests.`);
  return undefined;
}

/** Whether `path` exists; when not, prints which Debian package provides it. */
export function hasSystemBinary(path: string, debianPackage: string): boolean {
  return systemBinary(path, debianPackage) !== undefined;
}
