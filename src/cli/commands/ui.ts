/**
 * `funcflow ui <modules...> [--port 8241]`: the explorer served live on loopback with the run
 * history runRecorder() writes under `.funcflow/runs/`; runs until interrupted.
 */
import type { Command } from "commander";
import { configFrom, withConfigOptions, withOutputsOption, type SharedOptions } from "../support/common-options.ts";
import { loadDriver } from "../support/load-driver.ts";
import { parsePort } from "../support/parse-options.ts";

interface UiOptions extends Pick<SharedOptions, "config" | "set" | "outputs"> {
  readonly port: number;
  readonly runsDir: string;
}

/**
 * Adds `ui` to `program`.
 * @example registerUi(new Command("funcflow"));
 */
export function registerUi(program: Command): void {
  const command = program
    .command("ui")
    .description("serve the explorer on 127.0.0.1 with run history (runs recorded by runRecorder() under .funcflow/runs)")
    .argument("<modules...>", "the pipeline's module files")
    .option("--port <n>", "port on 127.0.0.1 (0: any free port)", parsePort, 8241)
    .option("--runs-dir <dir>", "where run records are", ".funcflow/runs");
  withOutputsOption(withConfigOptions(command), "highlight the path these outputs take");
  command.addHelpText(
    "after",
    `
Example:
  $ funcflow ui examples/feature-engineering/features.ts --port 8241`,
  );
  command.action(async (modules: string[], options: UiOptions) => {
    const config = await configFrom(options);
    const driver = await loadDriver(modules, config);
    const { startExplorerServer, scannedFacts } = await import("../../explorer/index.ts");
    const server = await startExplorerServer(driver, {
      port: options.port,
      runsDir: options.runsDir,
      outputs: options.outputs,
      config,
      ...(await scannedFacts(driver.listNodes(), config)),
    });
    process.stdout.write(`funcflow ui: serving ${server.url} (runs from ${options.runsDir}); press Ctrl+C to stop\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await server.close();
  });
}
