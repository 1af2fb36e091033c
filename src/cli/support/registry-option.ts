/** `--registry <dir>`, shared by the envelope, batch and serve commands: default $FUNCFLOW_REGISTRY, else `.funcflow/registry`. */
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
