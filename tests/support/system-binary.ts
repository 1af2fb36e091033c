/**
 * Tests that need a system program (redis-server, chromium) skip, with a notice naming the
 * Debian package to install, when it is absent.
 */
import { existsSync } from "node:fs";

/** Whether `path` exists; when not, prints once which Debian package provides it. */
export function hasSystemBinary(path: string, debianPackage: string): boolean {
  if (existsSync(path)) return true;
  console.warn(`SKIPPED: ${path} is missing; install the Debian package "${debianPackage}" (apt-get install ${debianPackage}) to run these tests.`);
  return false;
}
