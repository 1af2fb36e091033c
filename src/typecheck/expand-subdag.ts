/**
 * `subdag` and `parameterizedSubdag` expanded as the graph builds them: the reused modules'
 * functions under each namespace (inputs bound, a literal checked against the parameters it
 * fills), `<ns>.<input>` nodes, and the wrapped function as the final node reading them.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { ts } from "ts-morph";
import { skipTypeWrappers } from "../scanner/index.ts";
import { propertyKey, readDependency, stringOf, type DependencySyntax } from "./read-dependency.ts";
import { bindOne, findProperty, listedDrafts, UNNAMEABLE_TYPE_TEXT, mapFinals, opaque, renamed, type Context, type Draft, type Param } from "./expand-drafts.ts";

/** One use of the reused modules: its namespace, final node name and inputs. */
export interface SubdagInstance {
  readonly namespace: string;
  readonly finalName: string;
  readonly inputs: ReadonlyMap<string, DependencySyntax>;
}

/**
 * The reused modules' nodes under `<ns>.`, reading the subdag's inputs (a `source` is an edge
 * from the outer node, a literal is checked against the parameters it fills), and the wrapped
 * function as the final node reading them.
 */
export function subdag(name: string, args: readonly ts.Expression[], drafts: Draft[], context: Context): Draft[] {
  const [options, perInstance] = args;
  const shared = options !== undefined && ts.isObjectLiteralExpression(options) ? options : undefined;
  const paths = shared === undefined ? undefined : modulePaths(findProperty(shared, "modules"), context, findProperty(shared, "functions") !== undefined);
  return mapFinals(drafts, (draft) => {
    const instances = readInstances(name, shared, perInstance, draft);
    const modules = paths?.map((path) => context.readSubdagModule?.(path));
    // Functions listed by name join the modules' functions: each entry must be read, or none is checked.
    const functions = shared === undefined ? undefined : findProperty(shared, "functions");
    const listed = functions === undefined ? [] : listedDrafts(functions, context);
    if (instances === undefined || modules === undefined || modules.some((module) => module === undefined) || listed === undefined) return [opaque(draft, "subdag")];
    const members = [...modules.flatMap((module) => module!.functions), ...listed];
    const local = new Set(members.map((member) => member.ref.node));
    return instances.flatMap((instance) => [
      ...members.map((member) => namespaced(member, instance, local, context)),
      ...inputNodes(draft, instance, members),
      {
        ...renamed(draft, instance.finalName),
        params: draft.params.map((param) => (local.has(param.name) ? { ...param, name: `${instance.namespace}.${param.name}` } : param)),
      },
    ]);
  });
}

function readInstances(name: string, shared: ts.ObjectLiteralExpression | undefined, perInstance: ts.Expression | undefined, draft: Draft): SubdagInstance[] | undefined {
  if (shared === undefined) return undefined;
  const sharedInputs = readInputs(findProperty(shared, "inputs"));
  if (sharedInputs === undefined) return undefined;
  if (name === "subdag") {
    const namespace = stringOf(findProperty(shared, "namespace")) ?? draft.ref.node;
    return [{ namespace, finalName: stringOf(findProperty(shared, "finalNodeName")) ?? draft.ref.node, inputs: sharedInputs }];
  }
  if (perInstance === undefined || !ts.isObjectLiteralExpression(perInstance)) return undefined;
  const instances: SubdagInstance[] = [];
  for (const property of perInstance.properties) {
    const key = propertyKey(property);
    if (key === undefined || !ts.isPropertyAssignment(property)) return undefined;
    const settings = skipTypeWrappers(property.initializer);
    const own = ts.isObjectLiteralExpression(settings) ? readInputs(findProperty(settings, "inputs")) : undefined;
    if (own === undefined) return undefined;
    instances.push({ namespace: key, finalName: key, inputs: new Map([...sharedInputs, ...own]) });
  }
  return instances;
}

/** `{ name: source("x") | value(v) | literal }`; absent is none. */
function readInputs(expression: ts.Expression | undefined): Map<string, DependencySyntax> | undefined {
  if (expression === undefined) return new Map();
  const object = skipTypeWrappers(expression);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  const inputs = new Map<string, DependencySyntax>();
  for (const property of object.properties) {
    const key = propertyKey(property);
    if (key === undefined || !ts.isPropertyAssignment(property)) return undefined;
    inputs.set(key, readDependency(property.initializer, true));
  }
  return inputs;
}

/**
 * `[new URL("./m.ts", import.meta.url), …]` as absolute paths; undefined for anything else, and
 * for no list at all unless `optional` (functions listed by name stand in for the modules).
 */
export function modulePaths(expression: ts.Expression | undefined, context: Context, optional = false): string[] | undefined {
  if (expression === undefined && optional) return [];
  const list = expression === undefined ? undefined : skipTypeWrappers(expression);
  if (list === undefined || !ts.isArrayLiteralExpression(list)) return undefined;
  const paths = list.elements.map((element) => {
    const inner = skipTypeWrappers(element);
    if (!ts.isNewExpression(inner) || !ts.isIdentifier(inner.expression) || inner.expression.text !== "URL") return undefined;
    const [relative, base] = inner.arguments ?? [];
    const isImportMetaUrl = base !== undefined && ts.isPropertyAccessExpression(base) && ts.isMetaProperty(base.expression) && base.name.text === "url";
    const text = stringOf(relative);
    return text === undefined || !isImportMetaUrl ? undefined : fileURLToPath(new URL(text, pathToFileURL(context.module)));
  });
  return paths.every((path) => path !== undefined) ? (paths as string[]) : undefined;
}

/** A reused module's node under the namespace; its typings name its own module. */
export function namespaced(member: Draft, instance: SubdagInstance, local: ReadonlySet<string>, context: Context): Draft {
  const moved = renamed(member, `${instance.namespace}.${member.ref.node}`);
  const params = moved.params.flatMap((param): Param[] => {
    if (local.has(param.name)) return [{ ...param, name: `${instance.namespace}.${param.name}` }];
    const input = instance.inputs.get(param.name);
    return input === undefined ? [param] : bindOne(moved, param, input, param.type, context);
  });
  const typeText = member.typeText?.split("{M}").join(`{F:${member.ref.module}}`);
  return { ...moved, params, typeText };
}

/**
 * `<ns>.<input>` nodes: what the subdag's inputs hold, typed as the first reused function that
 * declares a parameter of that name takes it (the value the subdag passes must fit it, which
 * the binding checks).
 */
function inputNodes(draft: Draft, instance: SubdagInstance, members: readonly Draft[]): Draft[] {
  return [...instance.inputs.keys()].map((key) => ({
    ...renamed(draft, `${instance.namespace}.${key}`, "subdag-input"),
    params: [],
    returnType: undefined,
    producer: undefined,
    generic: false,
    typeText: declaredParamType(members, key),
  }));
}

/** `Parameters<typeof M.f>[i]` for the first function declaring parameter `name` as written (not one a modifier made or renamed). */
function declaredParamType(members: readonly Draft[], name: string): string | undefined {
  for (const member of members) {
    // A listed function the module does not export cannot be named by the typings.
    if (member.role !== undefined || !member.transparent || member.typeText === UNNAMEABLE_TYPE_TEXT) continue;
    for (const param of member.params) {
      if (param.name !== name || param.type === undefined) continue;
      const side = param.side();
      if (side.param === name) return `Parameters<typeof {F:${member.ref.module}}.${member.ref.exportName}>[${side.paramIndex}]`;
    }
  }
  return undefined;
}
