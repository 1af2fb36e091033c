/**
 * The API schema of an envelope: the chosen outputs and the inputs they need, read from the
 * TypeScript types (funcflow/schema), or inferred from the example values where a type is opaque
 * (an untyped Table or Vector) or has no JSON form.
 */
import type { Driver } from "../driver/index.ts";
import { FuncflowError } from "../errors/index.ts";
import type { NodeInfo } from "../graph/index.ts";
import type { JsonSchema, NodeSchema } from "../schema/index.ts";
import type { EnvelopeSchema, SchemaSource } from "./envelope-format.ts";

/** What the schema is read from. */
export interface SchemaSources {
  readonly nodes: readonly NodeInfo[];
  readonly outputs: readonly string[];
  readonly inputs: readonly string[];
  readonly root: string;
  readonly driver: Driver;
  readonly exampleInputs: Readonly<Record<string, unknown>> | undefined;
  readonly exampleOutputs: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The envelope's schema.
 * @throws FuncflowError `envelope_invalid` naming an input (with the outputs that need it) or an
 *   output whose type gives no schema and for which no example was given.
 */
export async function readSchemas(sources: SchemaSources): Promise<EnvelopeSchema> {
  // ts-morph is loaded only to save.
  const { readPipelineSchemas, inferSchema } = await import("../schema/index.ts");
  const declared = readPipelineSchemas(sources.nodes, { root: sources.root });
  const byName = new Map(sources.nodes.map((node) => [node.name, node]));
  const choose = (name: string, example: Readonly<Record<string, unknown>> | undefined, fail: (problem: FuncflowError | undefined) => never): { schema: JsonSchema; from: SchemaSource } => {
    const entry: NodeSchema | undefined = declared.get(name);
    const hasExample = example !== undefined && name in example;
    if (entry?.schema !== undefined && !(hasExample && isOpaque(entry.schema))) return { schema: entry.schema, from: "code" };
    if (hasExample) {
      const inferred = inferSchema(example[name], name);
      return { schema: byName.get(name)?.doc === undefined ? inferred : { description: byName.get(name)!.doc, ...inferred }, from: "example" };
    }
    return fail(entry?.problem);
  };
  const inputs: Record<string, EnvelopeSchema["inputs"][string]> = {};
  const required = new Set(sources.inputs.filter((name) => isRequired(name, byName)));
  for (const input of sources.inputs) {
    const neededBy = sources.outputs.filter((output) => sources.driver.upstreamOf(output).includes(input));
    const chosen = choose(input, sources.exampleInputs, (problem) => {
      throw new FuncflowError(
        "envelope_invalid",
        `saveEnvelope: the input "${input}" (needed by ${neededBy.join(", ")}) has no schema: ${problem?.message ?? "its type has no JSON form"} Give it a JSON-able type, or pass example inputs (exampleInputs / --example) that include it.`,
        { input, neededBy, cause: problem },
      );
    });
    inputs[input] = { ...chosen, required: required.has(input) };
  }
  const outputs: Record<string, EnvelopeSchema["outputs"][string]> = {};
  for (const output of sources.outputs) {
    const chosen = choose(output, sources.exampleOutputs, (problem) => {
      throw new FuncflowError(
        "envelope_invalid",
        `saveEnvelope: the output "${output}" has no schema: ${problem?.message ?? "its type has no JSON form"} Give it a JSON-able return type, or pass example inputs so its value can be inferred.`,
        { node: output, cause: problem },
      );
    });
    const needs = sources.inputs.filter((input) => sources.driver.upstreamOf(output).includes(input));
    const doc = byName.get(output)?.doc;
    outputs[output] = { ...chosen, inputs: needs, required: needs.filter((input) => required.has(input)), ...(doc !== undefined && { description: doc }) };
  }
  return { inputs, outputs };
}

/** A schema that says nothing about the values: an untyped column or table. */
function isOpaque(schema: JsonSchema): boolean {
  const text = JSON.stringify(schema);
  return text.includes('"x-arrow-type":"unknown"') || text.includes("whose type the code does not declare") || (schema.type === undefined && schema.anyOf === undefined && schema.enum === undefined && schema.const === undefined);
}

function isRequired(name: string, byName: ReadonlyMap<string, NodeInfo>): boolean {
  return !byName.get(name)!.dependents.every((dependent) => byName.get(dependent)?.dependencies.find((param) => param.name === name)?.optional === true);
}
