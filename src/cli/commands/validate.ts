/**
 * `funcflow validate <modules...>`: everything that can be checked without running: edge
 * types, the graph under the config, and (with `--outputs`) that a request has every input.
 */
import type { Command } from "commander";
import { configFrom, valuesFrom, withConfigOptions, withOutputsOption, withTsconfigOption, withValueOptions, typeCheckWanted, withTypeCheckOption, type SharedOptions, type TypeCheckOptions } from "../support/common-options.ts";
import { pipelineTypeReport } from "../../driver/index.ts";
import { edgeTypeError } from "../../typecheck/index.ts";
import { loadDriver } from "../support/load-driver.ts";
import { describeNodeCount } from "../support/node-count.ts";

interface ValidateOptions extends SharedOptions, TypeCheckOptions {}

/**
 * Adds `validate` to `program`.
 * @example registerValidate(new Command("funcflow"));
 */
export function registerValidate(program: Command): void {
  const command = program
    .command("validate")
    .description("check the graph under a config, edge types, and that requested outputs have every input, running nothing")
    .argument("<modules...>", "the pipeline's module files");
  withTsconfigOption(withTypeCheckOption(withValueOptions(withOutputsOption(withConfigOptions(command), "outputs the request asks for")), "skip static edge type checking"));
  command.addHelpText(
    "after",
    `
Exits 0 when valid; otherwise prints every problem found in the first failing stage and exits 1.

Example:
  $ funcflow validate examples/hello-world/transforms.ts --outputs spendMean --inputs data.csv
  $ funcflow validate src/transforms.ts --outputs salesTax --config config.json --input sales=120`,
  );
  command.action(async (modules: string[], options: ValidateOptions) => {
    // Stages in order; each throws every problem it finds.
    const driver = await loadDriver(modules, await configFrom(options), typeCheckWanted(options) ? { typeCheckOnConflict: options.tsconfig === undefined ? {} : { tsconfig: options.tsconfig } } : {});
    const notes = [`graph of ${describeNodeCount(driver.listNodes())} is valid`];
    if (typeCheckWanted(options)) {
      const report = await pipelineTypeReport(driver, options.tsconfig === undefined ? {} : { tsconfig: options.tsconfig });
      const error = report === undefined ? undefined : edgeTypeError(report);
      if (error !== undefined) throw error;
      if (report !== undefined) notes.push(`${report.checkedEdges} edge(s) type-checked${report.unchecked.length > 0 ? `, ${report.unchecked.length} unchecked` : ""}`);
    }
    if (options.outputs.length > 0) {
      const { inputs, overrides } = await valuesFrom(options, driver.listNodes());
      driver.validateExecution(options.outputs, { inputs, overrides });
      notes.push(`${options.outputs.join(", ")} can run with the given inputs`);
    }
    process.stdout.write(`funcflow validate: ok: ${notes.join("; ")}\n`);
  });
}
