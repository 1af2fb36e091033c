/**
 * A missing input declared as a scalar (a Hamilton port's `penalty`, a `mode`) is often a
 * setting: `missing_input` says it can come from config too (`withConfig`, `--set`), since config
 * keys are read as parameters; a missing table or array gets only the advice to pass it.
 */
import { makeVector } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { runCliInProcess } from "../support/cli-in-process.ts";

const module = "tests/fixtures/modules/settings.ts";
const build = (config: Record<string, unknown> = {}) => new Builder().withModules(new URL(`../fixtures/modules/settings.ts`, import.meta.url)).withConfig(config).withManifestCache(false).build();

async function missing(action: () => Promise<unknown>): Promise<FuncflowError> {
  const error = await action().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FuncflowError);
  expect((error as FuncflowError).code).toBe("missing_input");
  return error as FuncflowError;
}

describe("missing_input advises config for a missing setting", () => {
  it("names the scalar inputs (number, string literals, string | null, bigint, boolean) as config, not the vector or the array", async () => {
    const dr = await build();
    const error = await missing(() => dr.execute(["shrunk"]));
    const advice = error.message.split("\n").at(-1)!;
    expect(advice).toBe(
      "Pass each missing value in `inputs` (or override a node downstream of it). A setting can also come from config, which functions read as parameters too: " +
        "`withConfig({ label: …, mode: …, penalty: …, seed: …, verbose: … })` (`--set label=… --set mode=… --set penalty=… --set seed=… --set verbose=…` on the command line).",
    );
  });

  it("the advice works: the settings from withConfig, the data from inputs", async () => {
    const dr = await build({ penalty: 1, mode: "l1", label: null, seed: 3n, verbose: true });
    const { shrunk } = await dr.execute(["shrunk"], { inputs: { weights: makeVector(new Float64Array([-1, 3])), scale: [1, 2] } });
    expect(shrunk).toBe("fit:2:3:true:2");
  });

  it("the advice works on the command line: --set for the settings, --input for the data", async () => {
    const args = ["run", module, "--outputs", "shrunk", "--json", "--input", "weights=[-1,3]", "--input", "scale=[1,2]", "--input", "seed=3"];
    const without = await runCliInProcess(args);
    expect(without.code).not.toBe(0);
    expect(without.stderr).toContain("`--set label=… --set mode=… --set penalty=… --set verbose=…` on the command line");
    const { code, stdout, stderr } = await runCliInProcess([...args, "--set", "penalty=1", "--set", "mode=l1", "--set", "label=null", "--set", "verbose=true"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).outputs.shrunk).toBe("fit:2:3:true:2");
  });

  it("says nothing of config when only data is missing", async () => {
    const dr = await build({ penalty: 1, mode: "l2", label: "x", seed: 1n, verbose: false });
    const error = await missing(() => dr.execute(["shrunk"]));
    expect(error.message).toContain('"scale", needed by "shrunk"');
    expect(error.message).toContain('"weights", needed by "shrunk"');
    expect(error.message.split("\n").at(-1)).toBe("Pass each missing value in `inputs` (or override a node downstream of it).");
  });
});
