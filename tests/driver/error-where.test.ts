/**
 * A request error starts with the call the request came through: `funcflow validate` printed
 * "funcflow validate: execute: 1 required input is missing" (found running the lineage port's
 * modules through the CLI), and prepare and materialize said "execute:" too.
 */
import { describe, expect, it } from "vitest";
import { Builder, type Driver } from "funcflow";
import { rejection } from "../support/caught.ts";

const basicUrl = new URL("../fixtures/modules/basic.ts", import.meta.url);

const CALLS: Record<string, (dr: Driver, outputs: string[], inputs: Record<string, unknown>) => Promise<unknown>> = {
  execute: (dr, outputs, inputs) => dr.execute(outputs, { inputs }),
  prepare: async (dr, outputs, inputs) => dr.prepare(outputs, { inputs: Object.keys(inputs) }),
  validateExecution: async (dr, outputs, inputs) => dr.validateExecution(outputs, { inputs }),
  materialize: (dr, outputs, inputs) => dr.materialize({ outputs, inputs }),
};

const REQUESTS = [
  { problem: "an unknown output", outputs: ["greting"], inputs: {}, code: "unknown_output" },
  { problem: "a missing input", outputs: ["c"], inputs: {}, code: "missing_input" },
  { problem: "an input naming a node", outputs: ["c"], inputs: { a: 1, b: 2 }, code: "input_is_node" },
  { problem: "an input that is also config", outputs: ["greeting"], inputs: { language: "en" }, code: "config_input_overlap" },
] as const;

describe("request errors name the call they came through", () => {
  for (const [where, call] of Object.entries(CALLS)) {
    for (const request of REQUESTS) {
      it(`${where}: ${request.problem}`, async () => {
        const dr = await new Builder().withModules(basicUrl).withConfig({ language: "fr" }).build();
        const error = await rejection(call(dr, [...request.outputs], { ...request.inputs }));
        expect(error.code).toBe(request.code);
        expect(error.message.startsWith(`${where}: `)).toBe(true);
      });
    }
  }
});
