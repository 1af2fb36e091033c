/**
 * The rules of static edge checking, over types the caller supplies: every producer's awaited
 * return type must be assignable to each consumer parameter that names its node, and the
 * functions asking for one external input must agree on a type (the stricter one is kept).
 * Kept apart from the TypeScript checker so the rules read on their own and tests can drive
 * them with any notion of assignability.
 */
import type { CheckedInput, CheckedNode, ConsumerSide, EdgeMismatch, FunctionRef, InputConflict, ProducerSide, UncheckedEdge, UncheckedReason } from "./edge-type-report.ts";

/** Decides assignability; the real one is `checker.isTypeAssignableTo`. */
export type IsAssignable<T> = (source: T, target: T) => boolean;

/** A type's union members (the type itself when it is no union); the real one reads `type.types`. */
export type UnionMembers<T> = (type: T) => readonly T[];

/** One parameter of a function, with its type when the module states one. */
export interface TypedParam<T> {
  readonly name: string;
  readonly optional: boolean;
  /** What the parameter accepts; undefined when it is untyped (implicitly `any`). */
  readonly type: T | undefined;
  /** The type mentions a type parameter of its function: a failed check is not conclusive. */
  readonly generic: boolean;
  /**
   * The parameter as the report shows it (type text, place). A function, because printing
   * types is a large part of a check's cost and only reported parameters need it.
   */
  side(): ConsumerSide;
}

/** One exported function, as the checker read it. */
export interface TypedFunction<T> {
  readonly ref: FunctionRef;
  /** The node's types are known through every modifier around its function. */
  readonly transparent: boolean;
  /** Why not, when `transparent` is false (default: `opaque-producer`/`opaque-consumer`). */
  readonly opaqueReason?: UncheckedReason;
  /** A helper node a modifier made (`raw`, `step`, `validator`, …); undefined for the function's final nodes. */
  readonly role?: string;
  /** The node's type for the typings, over the module's exports (`{M}` stands for the module); undefined: derived from the export. */
  readonly typeText?: string | undefined;
  readonly doc: string | undefined;
  /** The awaited return type; undefined when untyped. */
  readonly returnType: T | undefined;
  /** The function as the report shows it when its value does not fit (type text, place). */
  readonly producer: (() => ProducerSide) | undefined;
  /** The function has type parameters: its return type depends on how it is called. */
  readonly generic: boolean;
  readonly params: readonly TypedParam<T>[];
  /** The end of an output pipe (`pipeOutput`, `mutate`): the step whose value it passes on; another output pipe extends it. */
  readonly pipedFrom?: string;
}

/** A value a modifier binds to a parameter (`value(3)`, a step's literal argument), to check against it. */
export interface BindingCheck<T> {
  readonly source: T;
  readonly target: T;
  /** The parameter's type mentions a type parameter: a failed check is not conclusive. */
  readonly generic: boolean;
  producer(): ProducerSide;
  consumer(): ConsumerSide;
}

/** What the rules found, ready for the report. */
export interface EdgeMatch {
  readonly checkedEdges: number;
  /** Bound values checked against their parameters. */
  readonly checkedBindings: number;
  readonly unchecked: UncheckedEdge[];
  readonly mismatches: EdgeMismatch[];
  readonly inputConflicts: InputConflict[];
  readonly nodes: CheckedNode[];
  readonly inputs: CheckedInput[];
}

/**
 * Checks every edge among `functions` (all modules of one pipeline, in module and source
 * order) and unifies the types of external inputs. Config variants are all producers of their
 * node, so each is checked against every consumer: whichever config picks must fit.
 */
export function matchEdges<T>(
  functions: readonly TypedFunction<T>[],
  isAssignable: IsAssignable<T>,
  bindings: readonly BindingCheck<T>[] = [],
  unionMembers: UnionMembers<T> = (type) => [type],
): EdgeMatch {
  const producersOf = groupProducers(functions);
  const result: EdgeMatch = { checkedEdges: 0, checkedBindings: 0, unchecked: [], mismatches: [], inputConflicts: [], nodes: [], inputs: [] };
  let checkedBindings = 0;

  // Phase 0: values bound to parameters by modifiers.
  for (const binding of bindings) {
    if (isAssignable(binding.source, binding.target)) checkedBindings++;
    else if (binding.generic) result.unchecked.push({ reason: "generic", name: binding.consumer().param, consumer: binding.consumer() });
    else {
      checkedBindings++;
      result.mismatches.push({ kind: "binding", producer: binding.producer(), consumer: binding.consumer() });
    }
  }
  const inputUses = new Map<string, { fn: TypedFunction<T>; param: TypedParam<T> }[]>();
  let checkedEdges = 0;

  // Phase 1: edges between functions.
  for (const fn of functions) {
    for (const param of fn.params) {
      const name = param.name;
      const producers = producersOf.get(name);
      if (producers === undefined) {
        const uses = inputUses.get(name) ?? [];
        uses.push({ fn, param });
        inputUses.set(name, uses);
        continue;
      }
      for (const producer of producers) {
        const reason = uncheckable(producer, fn, param);
        if (reason !== undefined) {
          result.unchecked.push({ reason, name, consumer: fn.ref });
        } else if (isAssignable(producer.returnType!, param.type!)) {
          checkedEdges++;
        } else if (producer.generic || param.generic) {
          result.unchecked.push({ reason: "generic", name, consumer: fn.ref });
        } else {
          checkedEdges++;
          result.mismatches.push({ kind: "edge", producer: producer.producer!(), consumer: param.side() });
        }
      }
    }
  }

  // Phase 2: external inputs, one type per name.
  for (const [name, uses] of inputUses) {
    const unified = unifyInput(name, uses, isAssignable, unionMembers);
    result.inputs.push(unified.input);
    if (unified.conflict !== undefined) result.inputConflicts.push(unified.conflict);
  }

  // Phase 3: nodes, for the typings.
  for (const [name, producers] of producersOf) {
    result.nodes.push({
      name,
      producers: producers.map((producer) => ({
        module: producer.ref.module,
        exportName: producer.ref.exportName,
        typed: producer.transparent && (producer.typeText !== undefined || producer.returnType !== undefined),
        doc: producer.doc,
        transparent: producer.transparent,
        ...(!producer.transparent && producer.opaqueReason !== undefined && { opaqueReason: producer.opaqueReason }),
        ...(producer.typeText !== undefined && { typeText: producer.typeText }),
        ...(producer.role !== undefined && { role: producer.role }),
        reads: producer.params.map((param) => param.name),
      })),
    });
  }
  return { ...result, checkedEdges, checkedBindings };
}

function groupProducers<T>(functions: readonly TypedFunction<T>[]): Map<string, TypedFunction<T>[]> {
  const producersOf = new Map<string, TypedFunction<T>[]>();
  for (const fn of functions) {
    const group = producersOf.get(fn.ref.node);
    if (group === undefined) producersOf.set(fn.ref.node, [fn]);
    else group.push(fn);
  }
  return producersOf;
}

function uncheckable<T>(producer: TypedFunction<T>, consumer: TypedFunction<T>, param: TypedParam<T>): UncheckedEdge["reason"] | undefined {
  if (!consumer.transparent) return consumer.opaqueReason ?? "opaque-consumer";
  if (!producer.transparent) return producer.opaqueReason ?? "opaque-producer";
  if (param.type === undefined || producer.returnType === undefined || producer.producer === undefined) return "untyped";
  return undefined;
}

/**
 * The stricter of the consumers' types: one assignable to every other. A linear pass keeps
 * the narrowest seen so far and a second pass confirms it fits them all, so 5,000 functions
 * sharing one input cost 10,000 checks, not 25 million. When none fits all, the input takes
 * the union members every consumer accepts (`number | string` and `string | boolean` share
 * `string`), as the graph narrows it; a conflict only when they share none.
 */
function unifyInput<T>(
  name: string,
  uses: readonly { fn: TypedFunction<T>; param: TypedParam<T> }[],
  isAssignable: IsAssignable<T>,
  unionMembers: UnionMembers<T>,
): { input: CheckedInput; conflict: InputConflict | undefined } {
  const consumers = uses.map(({ fn }) => fn.ref);
  const optional = uses.every(({ param }) => param.optional);
  // Generic and opaque uses cannot be decided here; the graph checks them at run time.
  const typed = uses.filter(({ fn, param }) => fn.transparent && param.type !== undefined && !param.generic).map(({ param }) => param);
  let best: TypedParam<T> | undefined;
  for (const param of typed) {
    // Strictly narrower only, so among equal types the first consumer names the input's type.
    if (best === undefined || (isAssignable(param.type!, best.type!) && !isAssignable(best.type!, param.type!))) best = param;
  }
  const misfits = best === undefined ? [] : typed.filter((param) => param !== best && !isAssignable(best!.type!, param.type!));
  if (misfits.length === 0) return { input: { name, typedBy: best?.side(), optional, consumers }, conflict: undefined };
  if (sharedMembers(typed, isAssignable, unionMembers).length > 0) {
    return { input: { name, typedBy: undefined, sharedBy: typed.map((param) => param.side()), optional, consumers }, conflict: undefined };
  }
  return { input: { name, typedBy: undefined, optional, consumers }, conflict: { kind: "input", input: name, consumers: typed.map((param) => param.side()) } };
}

/** The union members every one of `params` accepts: of each, those within the next one's type, and the next one's within them. */
function sharedMembers<T>(params: readonly TypedParam<T>[], isAssignable: IsAssignable<T>, unionMembers: UnionMembers<T>): readonly T[] {
  let shared: readonly T[] = unionMembers(params[0]!.type!);
  for (const param of params.slice(1)) {
    const members = unionMembers(param.type!);
    shared = [...new Set([...shared.filter((member) => isAssignable(member, param.type!)), ...members.filter((member) => shared.some((kept) => isAssignable(member, kept)))])];
    if (shared.length === 0) break;
  }
  return shared;
}
