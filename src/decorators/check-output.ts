/**
 * Data-quality checks on a node's value, as nodes: the computation becomes `<fn>_raw`, each
 * validator a node `<fn>_<check>_validator` holding its `DataValidationResult` (requestable like any
 * node), and `<fn>` passes the value on after reading every result: `warn` failures are logged,
 * `fail` failures raise one `check_failed` error listing them all.
 */
import { FuncflowError } from "../errors/index.ts";
import { reportDataQualityWarning, type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { BUILT_IN_CHECKS, COLUMN_CHECKS, NUMERIC_CHECKS, TEXT_CHECKS, builtInProblem, builtInValidator, type BuiltInChecks, type DataValidator, type Importance, type DataValidationResult } from "./data-validators.ts";
import { selectTargets, targetProblem, transformTargets, type NodeTarget, groupOf } from "./node-targets.ts";
import { optionsProblem } from "./options-problem.ts";
import { awaitedTypeText } from "./tuple-type.ts";

/** `checkOutput`'s argument: built-in checks, their importance, and the nodes to check. */
export interface CheckOutputOptions extends BuiltInChecks {
  /** Default `"warn"`, as in Hamilton. */
  readonly importance?: Importance;
  /** The nodes to check (default: the function's final nodes). */
  readonly target?: NodeTarget;
}

/**
 * Validates the function's output with built-in checks.
 * @throws FuncflowError `invalid_modifier` at build for no check or a bad argument; at run time
 *   `check_failed` (as the `cause` of the executor's `node_failed`) listing every failed
 *   `fail`-importance check.
 * @example export const price = checkOutput({ range: [0, 1000], allowNaN: false, importance: "fail" }, (raw: Float64Array) => raw);
 */
export function checkOutput<F extends NodeFunction>(options: CheckOutputOptions, fn: F): F {
  const importance = options?.importance ?? "warn";
  const present = BUILT_IN_CHECKS.filter((name) => options?.[name] !== undefined);
  const problem =
    optionsProblem("checkOutput", options, [...BUILT_IN_CHECKS, "importance", "target"] satisfies readonly (keyof CheckOutputOptions)[]) ??
    (present.length === 0
      ? `checkOutput names no check; pass one of ${BUILT_IN_CHECKS.join(", ")}`
      : importance !== "warn" && importance !== "fail"
        ? `checkOutput: importance must be "warn" or "fail", got ${JSON.stringify(importance)}`
        : (present.map((name) => builtInProblem(name, options[name])).find(Boolean) ?? targetProblem(options.target, "checkOutput")));
  const validators = problem ? [] : present.map((name) => builtInValidator(name, options[name], importance));
  const numeric = present.filter((name) => NUMERIC_CHECKS.includes(name));
  // As Hamilton finds no range or mean validator for text when the graph is built, a numeric
  // check on a node declared as text is refused then, not left to pass or fail at run time.
  const textual = present.filter((name) => TEXT_CHECKS.includes(name));
  const elementwise = present.filter((name) => COLUMN_CHECKS.includes(name));
  // Likewise contains / doesNotContain read one string: a node declared as anything else is refused.
  const typeProblem = (node: NodeSpec): string | undefined =>
    numeric.length > 0 && TEXT_TYPE.test(awaitedTypeText(node.type))
      ? `checkOutput: ${numeric.join(" and ")} ${numeric.length > 1 ? "check" : "checks"} numbers, but "${node.name}" is declared to return ${node.type}. Drop the check, or check text with valuesIn or dataType.`
      : textual.length > 0 && NOT_ONE_STRING.test(awaitedTypeText(node.type))
        ? `checkOutput: ${textual.join(" and ")} ${textual.length > 1 ? "check" : "checks"} one string, but "${node.name}" is declared to return ${node.type}. Drop the check, or use valuesIn for values of other types.`
        : elementwise.length > 0 && TABLE_TYPE.test(awaitedTypeText(node.type))
          ? `checkOutput: ${elementwise.join(" and ")} ${elementwise.length > 1 ? "check" : "checks"} a column or a value, but "${node.name}" is declared to return ${node.type}, a table. Check its columns: extractColumns(…) makes one node per column, and a checkOutput with target checks each.`
          : undefined;
  return applyModifier(checker("checkOutput", validators, options?.target, problem, typeProblem), fn);
}

/** Types that are surely not one string: numbers, booleans, dates, arrays, typed arrays, columns, tables. */
const NOT_ONE_STRING = /^(?:number|bigint|boolean|Date|null|undefined|void)$|\[\]$|^(?:Readonly)?Array<|^(?:readonly\s)|^Vector<|^Table\b|^[A-Z][A-Za-z0-9]*Array$|^(?:Map|Set|Record)</;

/** An Arrow table (or a Danfo DataFrame) as declared: whole tables, not columns. */
const TABLE_TYPE = /^(?:(?:arrow\.|import\("apache-arrow"\)\.)?Table(?:<.*>)?|(?:dfd\.)?DataFrame)$/;

/** Text declared as a string, a list of strings, a string-literal union or an Arrow text column. */
const TEXT_TYPE = /^(?:(?:readonly\s+)?string(?:\[\])?|(?:Readonly)?Array<string>|Vector<(?:Utf8|LargeUtf8)>|(?:"[^"]*"|'[^']*')(?:\s*\|\s*(?:"[^"]*"|'[^']*'))*)$/;


/** What a function's node holds: its awaited return type. */
export type ValueOf<F extends NodeFunction> = F extends (...args: never[]) => infer R ? Awaited<R> : unknown;

/**
 * Validates the function's output with your own validators, each typed by the function's
 * awaited return type (`DataValidator<T>`; a `DataValidator` of `unknown` fits any function).
 * With `{ target }` the checked nodes may be others the function makes (a column, a field),
 * so the validators' value type is not tied to the function's.
 * @throws FuncflowError as `checkOutput`.
 * @example
 * const positive: DataValidator<number> = { name: "positive", importance: "fail", validate: (n) => ({ passes: n > 0, message: `value is ${n}` }) };
 * export const count = checkOutputCustom([positive], (rows: unknown[]) => rows.length);
 */
export function checkOutputCustom<F extends NodeFunction>(validators: readonly DataValidator<NoInfer<ValueOf<F>>>[], fn: F): F;
export function checkOutputCustom<F extends NodeFunction>(validators: readonly DataValidator<never>[], options: { readonly target?: NodeTarget }, fn: F): F;
export function checkOutputCustom<F extends NodeFunction>(validators: readonly DataValidator<never>[], ...rest: readonly unknown[]): F {
  const fn = rest[rest.length - 1] as F;
  const target = rest.length > 1 ? (rest[0] as { target?: NodeTarget } | undefined)?.target : undefined;
  const invalid = Array.isArray(validators)
    ? validators.find((v) => typeof v?.validate !== "function" || typeof v.name !== "string" || v.name === "" || (v.importance !== "warn" && v.importance !== "fail"))
    : undefined;
  const problem = !Array.isArray(validators) || validators.length === 0
    ? "checkOutputCustom needs a non-empty list of validators ({ name, importance, validate })"
    : invalid !== undefined
      ? `checkOutputCustom: validator ${JSON.stringify(invalid?.name ?? null)} needs a name, an importance ("warn" or "fail") and a validate(value) function`
      : (optionsProblem("checkOutputCustom", rest.length > 1 ? rest[0] : undefined, ["target"]) ?? targetProblem(target, "checkOutputCustom"));
  // The validators' value type is checked at compile time; at run time any value reaches them.
  return applyModifier(checker("checkOutputCustom", problem ? [] : (validators as readonly DataValidator<unknown>[]), target, problem), fn);
}

function checker(
  kind: string,
  validators: readonly DataValidator[],
  target: NodeTarget | undefined,
  problem: string | undefined,
  typeProblem: (node: NodeSpec) => string | undefined = () => undefined,
): NodeModifier {
  return {
    kind,
    phase: "transform",
    repeatable: false,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const targets = selectTargets(nodes, target, context, kind);
      const mistyped = targets.map(typeProblem).find(Boolean);
      if (mistyped !== undefined) context.fail(mistyped);
      return transformTargets(nodes, targets, (node) => checkedNodes(node, nodes, validators, context, kind));
    },
  };
}

function checkedNodes(node: NodeSpec, all: readonly NodeSpec[], validators: readonly DataValidator[], context: ModifierContext, kind: string): NodeSpec[] {
  const rawName = `${node.name}_raw`;
  if (all.some((other) => other.name === rawName)) {
    context.fail(`${kind} checks "${node.name}", which another checkOutput already checks. Put every check of a node in one checkOutput (or one checkOutputCustom).`);
  }
  const group = groupOf(node, context);
  const raw: NodeSpec = { ...node, name: rawName, role: "raw", group };
  const taken = new Map<string, number>();
  const validatorNodes = validators.map((validator): NodeSpec => {
    const base = `${node.name}_${validator.name}_validator`;
    const count = taken.get(base) ?? 0;
    taken.set(base, count + 1);
    return {
      ...node,
      name: count === 0 ? base : `${base}_${count}`,
      fn: ((value: unknown) => safeValidate(validator, value)) as NodeSpec["fn"],
      params: [{ name: rawName, type: node.type, optional: false }],
      type: "DataValidationResult",
      doc: `Checks that ${node.name}'s ${validator.description ?? validator.name}.`,
      tags: { "data_quality.importance": validator.importance, "data_quality.validator": validator.name, "data_quality.source": node.name },
      isAsync: false,
      role: "validator",
      group,
      schema: undefined,
    };
  });
  const gate: NodeSpec = {
    ...node,
    fn: gateFunction(node.name, validators, validatorNodes.map((v) => v.name)) as NodeSpec["fn"],
    params: [raw, ...validatorNodes].map((input) => ({ name: input.name, type: input.type, optional: false })),
    isAsync: false,
    group,
  };
  return [raw, ...validatorNodes, gate];
}

/**
 * A validator that throws (a bigint it cannot print, a value it did not expect) is a failed
 * check with the error as its message, never a crash: a `warn` check must not stop a run.
 */
function safeValidate(validator: DataValidator, value: unknown): DataValidationResult | Promise<DataValidationResult> {
  const failed = (error: unknown): DataValidationResult => ({ passes: false, message: `the check threw: ${error instanceof Error ? error.message : String(error)}`, diagnostics: { error } });
  try {
    const result = validator.validate(value) as DataValidationResult | Promise<DataValidationResult>;
    return result instanceof Promise ? result.catch(failed) : result;
  } catch (error) {
    return failed(error);
  }
}

interface Failure {
  readonly validator: string;
  readonly node: string;
  readonly importance: Importance;
  readonly message: string;
  readonly diagnostics: Readonly<Record<string, unknown>> | undefined;
}

/** Reads every result, logs warnings, and raises one error for every `fail` failure together. */
function gateFunction(name: string, validators: readonly DataValidator[], nodeNames: readonly string[]) {
  return (value: unknown, ...results: DataValidationResult[]): unknown => {
    const failures: Failure[] = [];
    results.forEach((result, index) => {
      if (result?.passes) return;
      const validator = validators[index]!;
      failures.push({ validator: validator.name, node: nodeNames[index]!, importance: validator.importance, message: result?.message ?? "no result", diagnostics: result?.diagnostics });
    });
    const fatal = failures.filter((failure) => failure.importance === "fail");
    for (const warning of failures.filter((failure) => failure.importance === "warn")) {
      reportDataQualityWarning({ node: name, validator: warning.validator, validatorNode: warning.node, message: warning.message, diagnostics: warning.diagnostics });
    }
    if (fatal.length > 0) {
      const lines = fatal.map((failure) => `  - ${failure.validator} (${failure.node}): ${failure.message}`);
      throw new FuncflowError(
        "check_failed",
        `Node "${name}": ${fatal.length} data-quality check${fatal.length > 1 ? "s" : ""} failed:\n${lines.join("\n")}\nFix the data upstream, relax the check, or set importance: "warn" to log instead of failing.`,
        { node: name, details: { failures: fatal, warnings: failures.filter((failure) => failure.importance === "warn") } },
      );
    }
    return value;
  };
}
