/**
 * What a service serves: the outputs (each with the inputs it needs and its response schema),
 * the inputs `/execute` accepts, and the nodes it lets a request override. Outputs whose type has
 * no JSON form are left out when the user did not ask for them, and named when they did; so are
 * optional inputs with no JSON form, which no request can carry.
 */
import type { Driver } from "../driver/index.ts";
import type { NodeInfo } from "../graph/index.ts";
import { didYouMean, FuncflowError, requireMap, requireNameList, requireObjectWith, suggestNames } from "../errors/index.ts";
import type { JsonSchema, NodeSchema } from "../schema/index.ts";

/** One `POST /outputs/<name>` operation. */
export interface ServedOutput {
  readonly name: string;
  readonly description: string | undefined;
  readonly schema: JsonSchema;
  /** The inputs it needs, required first. */
  readonly inputs: readonly string[];
  readonly required: readonly string[];
}

/** Everything the routes are made from. */
export interface ServicePlan {
  readonly outputs: ReadonlyMap<string, ServedOutput>;
  /** Every input some served output needs, with its schema. */
  readonly inputs: ReadonlyMap<string, JsonSchema>;
  /** Function nodes a request may override, with their schemas. */
  readonly overrides: ReadonlyMap<string, JsonSchema>;
  /** Function nodes no request can override, their type having no JSON schema: why, by name. */
  readonly notOverridable: ReadonlyMap<string, string>;
  /** Outputs left out, with the reason. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * The plan for `driver` with `schemas` (from `readPipelineSchemas`).
 * @param outputs the outputs to serve; default: every function node that is not a modifier's helper.
 * @throws FuncflowError `invalid_argument` when `driver` is not a built Driver, `schemas` not a Map or `outputs` not a list of names.
 * @throws FuncflowError `unknown_output` for a name the pipeline lacks or a config key, `unsupported_type` for an
 *   asked-for output (or an input it needs) whose type has no JSON form.
 */
export function planService(driver: Driver, schemas: ReadonlyMap<string, NodeSchema>, outputs?: readonly string[]): ServicePlan {
  requireObjectWith("planService", "driver", driver, ["listNodes", "execute"], "a built Driver (await builder.build())");
  requireMap("planService", "schemas", schemas, "the Map loadPipelineSchemas(driver.listNodes()) returns");
  if (outputs !== undefined) requireNameList("planService", "outputs", outputs, '["total"]');
  const nodes = new Map(driver.listNodes().map((node) => [node.name, node]));
  const asked = outputs !== undefined && outputs.length > 0;
  const candidates = asked ? outputs : [...nodes.values()].filter(isServable).map((node) => node.name);
  const served = new Map<string, ServedOutput>();
  const inputs = new Map<string, JsonSchema>();
  const skipped: { name: string; reason: string }[] = [];
  for (const name of candidates) {
    const node = nodes.get(name);
    if (node === undefined) {
      throw new FuncflowError("unknown_output", `serve: unknown output "${name}"${didYouMean(suggestNames(name, nodes.keys()))}. Name nodes the module defines (funcflow list shows them).`, {
        node: name,
        suggestion: suggestNames(name, nodes.keys()),
      });
    }
    // Every config key is a node (Hamilton's rule), but its value is fixed when the pipeline is
    // built: no request computes it, and it has no schema to describe a response with.
    if (node.kind === "config") {
      throw new FuncflowError("unknown_output", `serve: "${name}" is a config value, fixed when the pipeline is built, not an output a request computes. Leave it out of the outputs to serve (funcflow list shows each node's kind).`, {
        node: name,
      });
    }
    // An optional input with no JSON form (the run's `signal?: AbortSignal`, a client with a
    // default) is one no request can carry: left out, its consumers use their default.
    const needed = driver.upstreamOf(name).filter((upstream) => {
      const input = nodes.get(upstream);
      return input?.isExternalInput === true && !(schemas.get(upstream)?.problem !== undefined && isOptionalInput(input, nodes));
    });
    const blocking = [name, ...needed].find((entry) => schemas.get(entry)?.problem !== undefined);
    if (blocking !== undefined) {
      const problem = schemas.get(blocking)!.problem!;
      if (asked) throw problem;
      // The problem names the type at fault; an input's own name alone would not say why the output went.
      skipped.push({ name, reason: blocking === name ? problem.message : `it needs the input "${blocking}", which no request can carry: ${problem.message}` });
      continue;
    }
    const required = needed.filter((input) => !isOptionalInput(nodes.get(input)!, nodes));
    for (const input of needed) inputs.set(input, schemas.get(input)!.schema!);
    served.set(name, {
      name,
      description: node.doc,
      schema: schemas.get(name)!.schema!,
      inputs: [...required, ...needed.filter((input) => !required.includes(input))],
      required,
    });
  }
  const overrides = new Map<string, JsonSchema>();
  const notOverridable = new Map<string, string>();
  for (const [name, entry] of schemas) {
    if (entry.kind !== "function") continue;
    if (entry.schema !== undefined) overrides.set(name, entry.schema);
    else if (entry.problem !== undefined) notOverridable.set(name, entry.problem.message);
  }
  return { outputs: served, inputs, overrides, notOverridable, skipped };
}

/** A function node of the user's own (not a loader, validator or pipe step a modifier added). */
function isServable(node: NodeInfo): boolean {
  return node.kind === "function" && node.role === undefined && node.parallel !== "expand";
}

/** An input every consumer can do without (each gives it a default or `?`). */
function isOptionalInput(input: NodeInfo, nodes: ReadonlyMap<string, NodeInfo>): boolean {
  return input.dependents.every((dependent) => nodes.get(dependent)?.dependencies.find((param) => param.name === input.name)?.optional === true);
}
