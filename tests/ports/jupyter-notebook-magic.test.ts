/**
 * Port of Hamilton's examples/jupyter_notebook_magic (tests/fixtures/ports/jupyter-notebook-magic):
 * the README's `joke` module. `%%cell_to_module joke --display` is `funcflow view joke.ts`, and
 * executing `reply` (the magic's `--execute`) is `funcflow run joke.ts --outputs reply` or the
 * Builder, all in this process. Expected values follow the README's three functions by hand.
 */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const MODULE = new URL("../fixtures/ports/jupyter-notebook-magic/joke.ts", import.meta.url);
const PATH = "tests/fixtures/ports/jupyter-notebook-magic/joke.ts";
const build = () => new Builder().withModules(MODULE).build();

describe("ports/jupyter_notebook_magic", () => {
  it("the joke module: topic → joke_prompt → reply, and reply is \"Cowsay who?\"", async () => {
    const dr = await build();
    expect(Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]))).toEqual({ topic: [], joke_prompt: ["topic"], reply: ["joke_prompt"] });
    expect(await dr.execute(["joke_prompt", "reply"])).toEqual({ joke_prompt: "Knock, knock. Who's there? Cowsay", reply: "Cowsay who?" });
  });

  it("overrides cut what is upstream: a topic given, and a prompt without \"? \" (partition's empty tail)", async () => {
    const dr = await build();
    expect(await dr.execute(["reply"], { overrides: { topic: "Lettuce" } })).toEqual({ reply: "Lettuce who?" });
    expect(await dr.execute(["reply"], { overrides: { joke_prompt: "Knock, knock." } })).toEqual({ reply: " who?" });
  });

  it("--display: funcflow view draws the three functions and their two edges", async () => {
    const viewed = await runCliInProcess(["view", PATH]);
    expect(viewed.stderr).toBe("");
    expect(viewed.code).toBe(0);
    for (const name of ["topic", "joke_prompt", "reply"]) expect(viewed.stdout).toContain(`"${name}" [`);
    expect(viewed.stdout).toContain(`"topic" -> "joke_prompt"`);
    expect(viewed.stdout).toContain(`"joke_prompt" -> "reply"`);
  });

  it("executing reply from the command line: funcflow run --outputs reply --json", async () => {
    const ran = await runCliInProcess(["run", PATH, "--outputs", "reply", "--json", "--no-type-check"]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect((JSON.parse(ran.stdout) as { outputs: Record<string, unknown> }).outputs).toEqual({ reply: "Cowsay who?" });
  });

  it("a misspelt output is unknown_output with a did-you-mean; passing the value of a function as an input is refused, naming overrides", async () => {
    const dr = await build();
    const unknown = await rejection(dr.execute(["replies"]));
    expect(unknown.code).toBe("unknown_output");
    expect(unknown.message).toContain("reply");
    const input = await rejection(dr.execute(["reply"], { inputs: { topic: "Lettuce" } }));
    expect(input.code).toBe("input_is_node");
    expect(input.message).toContain("overrides");
  });
});
