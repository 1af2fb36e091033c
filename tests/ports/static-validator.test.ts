/**
 * Port of Hamilton's examples/validation/static_validator (tests/fixtures/ports/static-validator):
 * a validator adapter that refuses, at build time, an output node without a table_name tag.
 */
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { myTagValidator } from "../fixtures/ports/static-validator/tag_validator.ts";
import { rejection } from "../support/caught.ts";

const module = (name: string) => new URL(`../fixtures/ports/static-validator/${name}.ts`, import.meta.url);

describe("ports/validation/static_validator", () => {
  it("good_module builds with the validator and runs foo", async () => {
    const dr = await new Builder().withModules(module("good_module")).withAdapters(myTagValidator).build();
    expect(dr.node("foo").tags).toEqual({ module: "good_module", node_type: "output", table_name: "my_table" });
    expect(await dr.execute(["foo"])).toEqual({ foo: "Hello, world!" });
  });

  it("bad_module fails the build with the validator's message, naming the module as Hamilton's module tag does", async () => {
    const error = await rejection(new Builder().withModules(module("bad_module")).withAdapters(myTagValidator).build());
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("validation_failed");
    expect(error.message).toContain("Node bad_module.foo is an output node, but does not have a table_name tag.");
    expect(error.message).toContain("MyTagValidator");
  });

  it("without the validator, bad_module builds and runs: the check is the adapter's alone", async () => {
    const dr = await new Builder().withModules(module("bad_module")).build();
    expect(await dr.execute(["foo"])).toEqual({ foo: "Hello, world!" });
  });
});
