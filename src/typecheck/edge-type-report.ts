/**
 * What the static edge checker finds, as plain JSON: it is cached by content hash, printed by
 * the CLI, and read by the typings generator, none of which may load ts-morph. Type texts are
 * for people only; nothing compares them (the checker decides assignability).
 */

/** A place in a checked module. */
export interface SourcePosition {
  /** The module's absolute path. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** One exported function, named as the module exports it. */
export interface FunctionRef {
  /** The module's absolute path. */
  readonly module: string;
  readonly exportName: string;
  /** The node it defines: the export name cut at its last `__`. */
  readonly node: string;
}

/** A producer's return type on one side of an edge. */
export interface ProducerSide extends FunctionRef {
  /** For a bound value, the binding as written (`value(3)`); the producer is then this expression. */
  readonly expression?: string;
  /** The awaited return type, as the checker prints it. */
  readonly type: string;
  readonly position: SourcePosition;
}

/** A consumer's parameter on one side of an edge. */
export interface ConsumerSide extends FunctionRef {
  readonly param: string;
  /** 0-based position of the parameter. */
  readonly paramIndex: number;
  /** The type the parameter accepts (with `undefined` when it is optional). */
  readonly type: string;
  readonly optional: boolean;
  readonly position: SourcePosition;
  /**
   * The parameter's type for the typings, over its module's exports (`{M}` stands for the
   * module), when it is not the export's own parameter (a step function's, a group's item);
   * absent: `Parameters<typeof M.exportName>[paramIndex]`.
   */
  readonly typeText?: string;
}

/**
 * A producer whose awaited return type is not assignable to a consumer's parameter type
 * (`edge`), or a value a modifier binds that does not fit its parameter (`binding`).
 */
export interface EdgeMismatch {
  readonly kind: "edge" | "binding";
  readonly producer: ProducerSide;
  readonly consumer: ConsumerSide;
}

/** Functions asking for one external input with types no single one of which fits them all. */
export interface InputConflict {
  readonly kind: "input";
  readonly input: string;
  readonly consumers: readonly ConsumerSide[];
}

/** Why an edge could not be checked. */
export type UncheckedReason =
  /** The consumer's module is JavaScript, or the parameter has no type (implicitly `any`). */
  | "untyped"
  /** The producer is wrapped in a modifier that may change its nodes or their types. */
  | "opaque-producer"
  /** The consumer is wrapped in such a modifier: its parameters may be bound or renamed. */
  | "opaque-consumer"
  /** A generic function whose type parameters would need instantiating; checked at run time. */
  | "generic"
  /** Behind `resolve`: which modifier applies, and so which nodes exist, only config decides. */
  | "config-resolved"
  /** A subdag's nodes come from other modules under a namespace: checked by the run-time graph. */
  | "subdag"
  /** A modifier funcflow's checker does not know (a user's own): it may change anything. */
  | "unknown-modifier"
  /** A known modifier whose arguments are not written as literals (a variable, a computed key). */
  | "unreadable-modifier"
  /** A pipe step would take a name another node of the function has: the run-time graph refuses the pipe. */
  | "step-name-collision";

/** An edge (or input use) the checker did not decide. */
export interface UncheckedEdge {
  readonly reason: UncheckedReason;
  /** The upstream node or input name. */
  readonly name: string;
  readonly consumer: FunctionRef;
}

/** A node as the typings see it: which exports define it (one per config variant). */
export interface CheckedNode {
  readonly name: string;
  readonly producers: readonly {
    readonly module: string;
    readonly exportName: string;
    /** False when its type is unknown: JavaScript, untyped, or behind a node-rewriting modifier. */
    readonly typed: boolean;
    readonly doc: string | undefined;
    /** False when a modifier may change the node (its type is then unknown). */
    readonly transparent: boolean;
    /** Why the node is not transparent, when the checker knows (`step-name-collision`, `unreadable-modifier`, …). */
    readonly opaqueReason?: UncheckedReason;
    /** The node's type over the module's exports, `{M}` standing for the module; absent: the export's awaited return type. */
    readonly typeText?: string;
    /** A helper node a modifier made (`raw`, `step`, `validator`, `extracted`, …). */
    readonly role?: string;
    /**
     * The nodes and inputs whose edges into this node were checked (its parameters, as modifiers
     * rename them). A modifier's pass-through edges (a check's gate, a pipe's end) are not listed.
     */
    readonly reads?: readonly string[];
  }[];
}

/** An external input: a parameter name no function produces. */
export interface CheckedInput {
  readonly name: string;
  /** The stricter consumer's parameter, whose type the input takes; undefined when none is typed or none is within all the others. */
  readonly typedBy: ConsumerSide | undefined;
  /**
   * When no consumer's type is within all the others but their union members overlap
   * (`number | string` and `string | boolean`): every typed consumer's parameter, whose types'
   * intersection (`string`) the input takes.
   */
  readonly sharedBy?: readonly ConsumerSide[];
  /** True when every consumer may go without it (a default value or `?`). */
  readonly optional: boolean;
  /** Every function that asks for it. */
  readonly consumers: readonly FunctionRef[];
}

/** Everything one check of a set of modules found. */
export interface EdgeTypeReport {
  readonly version: string;
  /** The checked modules, absolute paths, in the order given. */
  readonly modules: readonly string[];
  /** The tsconfig whose compiler options were used, or undefined for the defaults. */
  readonly tsconfig: string | undefined;
  /** Edges (producer → consumer parameter) decided by the checker. */
  readonly checkedEdges: number;
  /** Values bound by modifiers (`value(…)`, step arguments) checked against their parameters. */
  readonly checkedBindings: number;
  readonly unchecked: readonly UncheckedEdge[];
  readonly mismatches: readonly EdgeMismatch[];
  readonly inputConflicts: readonly InputConflict[];
  readonly nodes: readonly CheckedNode[];
  readonly inputs: readonly CheckedInput[];
}
