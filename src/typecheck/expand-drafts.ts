/**
 * The drafts modifier expansion works on (a node as the static check sees it, before the run-time
 * graph exists), the context it reads, and the helpers every modifier's expansion shares:
 * renaming a draft to another node, making a producer or parameter a modifier adds, applying
 * `source`/`value`/`group` bindings (a bound value is checked against its parameter), and
 * reading names and properties written as literals.
 */
import { ts } from "ts-morph";
import { skipTypeWrappers } from "../scanner/index.ts";
import { checkedTypeText, type CheckedType } from "./checked-type.ts";
import type { ConsumerSide, ProducerSide, SourcePosition, UncheckedReason } from "./edge-type-report.ts";
import type { BindingCheck, TypedFunction, TypedParam } from "./match-edges.ts";
import { propertyKey, stringOf, type DependencySyntax } from "./read-dependency.ts";
import type { ResolvedNode } from "./resolved-node.ts";

/** A node as the static check sees it while modifiers expand, and one of its parameters. */
export type Draft = TypedFunction<CheckedType>;
export type Param = TypedParam<CheckedType>;

/** What expanding one module's functions produced. */
export interface ExpandedModule {
  readonly functions: Draft[];
  readonly bindings: BindingCheck<CheckedType>[];
}

/**
 * Reads another module a subdag reuses: its expanded functions, or undefined when it is not in
 * the Program yet (the caller then adds it and checks again).
 */
export type SubdagModuleReader = (path: string) => ExpandedModule | undefined;

/** What expanding one module reads: its checker and source, and where binding checks go. */
export interface Context {
  readonly readSubdagModule: SubdagModuleReader | undefined;
  readonly checker: ts.TypeChecker;
  readonly sourceFile: ts.SourceFile;
  readonly module: string;
  readonly exportedNames: ReadonlySet<string>;
  readonly bindings: BindingCheck<CheckedType>[];
  /** This module's `resolve`-made nodes by export, when the built graph was given. */
  readonly resolved: ReadonlyMap<string, readonly ResolvedNode[]> | undefined;
  /**
   * The drafts of one entry of a `functions` list (a function this module declares, or one it
   * imports), or undefined when the entry names no function the check can read.
   */
  readonly readListedFunction?: (entry: ts.Expression) => Draft[] | undefined;
}

/** The typings' text for a function they cannot import (one its module does not export), and for each of its parameters. */
export const UNNAMEABLE_TYPE_TEXT = "unknown";

/** The drafts of a `functions: [f, g]` list's entries, or undefined when one cannot be read. */
export function listedDrafts(expression: ts.Expression, context: Context): Draft[] | undefined {
  const list = skipTypeWrappers(expression);
  if (!ts.isArrayLiteralExpression(list) || context.readListedFunction === undefined) return undefined;
  const drafts: Draft[] = [];
  for (const element of list.elements) {
    const read = ts.isSpreadElement(element) ? undefined : context.readListedFunction(element);
    if (read === undefined) return undefined;
    drafts.push(...read);
  }
  return drafts;
}

/** Maps the drafts a modifier applies to (those no earlier modifier gave a role); the others stay. */
export function mapFinals(drafts: readonly Draft[], map: (draft: Draft) => Draft[]): Draft[] {
  return drafts.flatMap((draft) => (draft.role === undefined ? map(draft) : [draft]));
}

/** The draft left to the run-time graph, for `reason`: its edges are not checked. */
export function opaque(draft: Draft, reason: UncheckedReason): Draft {
  return { ...draft, transparent: false, opaqueReason: reason, typeText: undefined };
}

/** The draft as another node: its report sides name that node. */
export function renamed(draft: Draft, node: string, role?: string): Draft {
  // Another node is no pipe's end.
  const { role: _role, pipedFrom: _pipedFrom, ...rest } = draft;
  const producer = draft.producer;
  return {
    ...rest,
    ref: { ...draft.ref, node },
    producer: producer === undefined ? undefined : () => ({ ...producer(), node }),
    params: draft.params.map((param) => ({ ...param, side: () => ({ ...param.side(), node }) })),
    ...(role !== undefined && { role }),
  };
}

/** Where `node` is written, as the report shows it. */
export function positionOf(node: ts.Node, context: Context): SourcePosition {
  const { line, character } = context.sourceFile.getLineAndCharacterOfPosition(node.getStart(context.sourceFile));
  return { file: context.module, line: line + 1, column: character + 1 };
}

/** A producer made by a modifier: its type and place as the report shows them. */
export function producerAt(draft: Draft, type: CheckedType | undefined, at: ts.Node, context: Context): (() => ProducerSide) | undefined {
  if (type === undefined) return undefined;
  return () => ({ ...draft.ref, type: checkedTypeText(context.checker, type, at), position: positionOf(at, context) });
}

/** A parameter a modifier adds (a step's piped value, a `source()` in a step or a group); `typeText` types it in the typings. */
export function madeParam(draft: Draft, name: string, param: string, paramIndex: number, type: ts.Type | undefined, at: ts.Node, context: Context, typeText?: string): Param {
  const side = (): ConsumerSide => ({
    ...draft.ref,
    param,
    paramIndex,
    type: type === undefined ? "unknown" : checkedTypeText(context.checker, type, at),
    optional: false,
    position: positionOf(at, context),
    typeText: typeText ?? (type === undefined ? "unknown" : (writtenOut(context.checker, type) ?? "unknown")),
  });
  return { name, optional: false, type: type === undefined || isAny(type) ? undefined : type, generic: false, side };
}

/** A parameter's type in the typings: its own text, or the export's declared parameter. */
export function typingsText(side: ConsumerSide): string {
  return side.typeText ?? `Parameters<typeof {M}.${side.exportName}>[${side.paramIndex}]`;
}

/** `any` checks nothing, so a parameter or producer of that type is left untyped. */
export function isAny(type: ts.Type): boolean {
  return (type.flags & ts.TypeFlags.Any) !== 0;
}

/** Applies `{ param: dependency }` to a draft's parameters; bound values are checked against their parameter. */
export function bind(draft: Draft, bindings: ReadonlyMap<string, DependencySyntax>, context: Context): Draft {
  const params: Param[] = [];
  for (const param of draft.params) {
    const dependency = bindings.get(param.name);
    if (dependency === undefined) params.push(param);
    else params.push(...bindOne(draft, param, dependency, param.type, context));
  }
  return { ...draft, params };
}

/** The parameters one binding leaves: a renamed edge for `source`, none for a checked `value`. */
export function bindOne(
  draft: Draft,
  param: Param,
  dependency: DependencySyntax,
  target: CheckedType | undefined,
  context: Context,
  targetText?: (side: ConsumerSide) => string,
): Param[] {
  const { checker } = context;
  switch (dependency.kind) {
    case "source":
    case "configuration": {
      const name = dependency.kind === "source" ? dependency.node : dependency.key;
      if (target === param.type) return [{ ...param, name }];
      const side = () => {
        const base = param.side();
        return { ...base, type: target === undefined ? "unknown" : checkedTypeText(checker, target, dependency.at), typeText: targetText?.(base) ?? "unknown" };
      };
      return [{ ...param, name, type: target !== undefined && "flags" in target && isAny(target) ? undefined : target, side }];
    }
    case "value": {
      const source = checker.getTypeAtLocation(dependency.value);
      if (target !== undefined && !isAny(source)) {
        context.bindings.push({
          source,
          target,
          generic: param.generic,
          producer: () => ({
            ...draft.ref,
            expression: dependency.at.getText(context.sourceFile),
            type: checker.typeToString(source, dependency.at),
            position: positionOf(dependency.at, context),
          }),
          consumer: () => ({ ...param.side(), type: checkedTypeText(checker, target, dependency.at) }),
        });
      }
      return [];
    }
    case "group": {
      const targetType = target === undefined || !("flags" in target) ? undefined : target;
      if (dependency.fields !== undefined) {
        return [...dependency.fields].flatMap(([key, item]) => {
          const property = targetType === undefined ? undefined : checker.getPropertyOfType(targetType, key);
          const type = property === undefined ? undefined : checker.getTypeOfSymbolAtLocation(property, dependency.at);
          return bindOne(draft, param, item, type, context, (side) => `${typingsText(side)}[${JSON.stringify(key)}]`);
        });
      }
      const element = targetType === undefined ? undefined : checker.getIndexTypeOfType(targetType, ts.IndexKind.Number);
      return dependency.items.flatMap((item) => bindOne(draft, param, item, element, context, (side) => `${typingsText(side)}[number]`));
    }
    case "unreadable":
      return [{ ...param, type: undefined }];
  }
}

/** The value written for `name` in an object literal (`{ name: … }`), if written as an assignment. */
export function findProperty(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = object.properties.find((candidate) => propertyKey(candidate) === name);
  return property !== undefined && ts.isPropertyAssignment(property) ? property.initializer : undefined;
}

/** `["a", "b"]` or `{ a: "number", … }` (the keys), as written. */
export function readNames(expression: ts.Expression | undefined): string[] | undefined {
  if (expression === undefined) return undefined;
  if (ts.isArrayLiteralExpression(expression)) {
    const names = expression.elements.map((element) => {
      const inner = skipTypeWrappers(element);
      return ts.isArrayLiteralExpression(inner) ? stringOf(inner.elements[0]) : stringOf(inner);
    });
    return names.every((name) => name !== undefined) ? (names as string[]) : undefined;
  }
  if (ts.isObjectLiteralExpression(expression)) {
    const names = expression.properties.map(propertyKey);
    return names.every((name) => name !== undefined) ? (names as string[]) : undefined;
  }
  return undefined;
}

const SIMPLE = ts.TypeFlags.Number | ts.TypeFlags.String | ts.TypeFlags.Boolean | ts.TypeFlags.BigInt | ts.TypeFlags.Null |
  ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.NumberLiteral | ts.TypeFlags.StringLiteral | ts.TypeFlags.BooleanLiteral;

/** A type that needs no import to be written (primitives, literals and unions of them). */
export function writtenOut(checker: ts.TypeChecker, type: ts.Type): string | undefined {
  const members = type.isUnion() ? type.types : [type];
  return members.every((member) => (member.flags & SIMPLE) !== 0) ? checker.typeToString(type) : undefined;
}
