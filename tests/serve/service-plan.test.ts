/**
 * planService on a pipeline built with a config: every config key is a node (Hamilton's rule),
 * read by a function or not, yet none is an output a request computes.
 */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { loadPipelineSchemas } from "funcflow/schema";
import { planService } from "funcflow/serve";
import { caught } from "../support/caught.ts";

const driver = await new Builder()
  .withModules(new URL("./fixtures/not-overridable.ts", import.meta.url))
  .withConfig({ x: 3, region: "eu" })
  .build();
const schemas = await loadPipelineSchemas(driver.listNodes());

describe("planService with config keys", () => {
  it("leaves config keys out of the default outputs", () => {
    expect([...planService(driver, schemas).outputs.keys()].sort()).toEqual(["doubled", "request_size"]);
  });

  it.each(["x", "region"])("refuses config key %s asked for as an output, saying it is a config value", (name) => {
    const error = caught(() => planService(driver, schemas, [name]));
    expect(error).toMatchObject({ code: "unknown_output", node: name, message: expect.stringContaining(`"${name}" is a config value`) });
  });
});
