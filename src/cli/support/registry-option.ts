/**
 * `--registry <dir>`, shared by the envelope, batch, serve and worker commands: default
 * $FUNCFLOW_REGISTRY, else `.funcflow/registry`; and how serve and worker tell an envelope from module files.
 */
import type { Command } from "commander";

/**
 * Adds `--registry <dir>`.
 * @example withRegistryOption(command)
 */
export function withRegistryOption(command: Command): Command {
  return command.option("--registry <dir>", "the envelope registry folder (default $FUNCFLOW_REGISTRY, else .funcflow/registry)");
}

/** The registry folder the options name. */
export function registryFrom(options: { readonly registry?: string }): string {
  return options.registry ?? process.env.FUNCFLOW_REGISTRY ?? ".funcflow/registry";
}

/** A pipeline module file's name; anything else given alone names an envelope. */
const MODULE_FILE = /\.(m|c)?(t|j)sx?$/;

/**
 * The envelope a command's `<modules...>` names (one argument that is not a module file: an id,
 * `name@version` or a folder), or undefined for module files. `funcflow serve` and `funcflow
 * worker` take either.
 * @example envelopeReferenceOf(["features@1"]); // "features@1"
 */
export function envelopeReferenceOf(modules: readonly string[]): string | undefined {
  return modules.length === 1 && !MODULE_FILE.test(modules[0]!) ? modules[0] : undefined;
}
