/**
 * loadModuleCode, the worker code of module files: its errors name loadModuleCode and its
 * `modules` argument, not startWorker (which shares the loader and names its own option).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadModuleCode } from "funcflow/bullmq";
import { rejection } from "../support/caught.ts";

describe("loadModuleCode", () => {
  it("refuses an empty list, naming itself and modules", async () => {
    const error = await rejection(loadModuleCode([]));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toBe('loadModuleCode: modules is empty. Pass the module files whose functions the worker runs, e.g. ["src/transforms.ts"].');
    expect(error.details).toEqual({ function: "loadModuleCode", argument: "modules" });
  });

  it("names the argument for a value that is not a list, and the entry that is not a path", async () => {
    expect((await rejection(loadModuleCode(5 as never))).message).toBe('loadModuleCode: modules must be an array of module paths or file URLs such as ["src/transforms.ts"], got the number 5.');
    expect((await rejection(loadModuleCode(["a.ts", 7] as never))).details).toMatchObject({ function: "loadModuleCode", argument: "modules[1]" });
  });

  it("names itself for a module that is not there", async () => {
    const error = await rejection(loadModuleCode(["no-such-module.ts"]));
    expect(error.code).toBe("module_not_found");
    expect(error.message).toMatch(/^loadModuleCode: no module at .*no-such-module\.ts\./);
  });

  it("loads the functions of a module that is there", async () => {
    const file = fileURLToPath(new URL("../fixtures/modules/basic.ts", import.meta.url));
    const code = await loadModuleCode([file]);
    expect(code.modules).toEqual([file]);
  });
});
