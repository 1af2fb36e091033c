/**
 * Types that tie a modifier's arguments to the function it wraps, so misuse is a compile
 * error: a bound `value(…)` must fit one of the function's parameter types (parameter names
 * are invisible to the type system, so which one is for `funcflow build` to check), and an
 * extracted column must be a column of the table type the function returns.
 */
import type { Table } from "apache-arrow";
import type { NodeFunction } from "../graph/index.ts";
import type { ConfigurationDependency, GroupDependency, SourceDependency, ValueDependency } from "./dependency.ts";

/** The union of `F`'s parameter types: what any bound value must fit. */
export type ParameterValue<F extends NodeFunction> = F extends (...args: infer P) => unknown ? P[number] : unknown;

/** Bindings for `F`: `value(…)` literals fit one of its parameter types. */
export type BindingsFor<F extends NodeFunction> = Readonly<
  Record<string, SourceDependency | ValueDependency<ParameterValue<F>> | ConfigurationDependency | GroupDependency>
>;

/** The column names of a value: a typed Arrow `Table<{ … }>`'s or a record's keys; any string when the type does not say. */
export type ColumnNameOf<F extends NodeFunction> = F extends (...args: never[]) => infer R ? ColumnNames<Awaited<R>> : string;

type ColumnNames<R> =
  R extends Table<infer S> ? KeysOrString<S> : R extends Readonly<Record<string, unknown>> ? KeysOrString<R> : string;

type KeysOrString<T> = string extends keyof T ? string : Extract<keyof T, string>;
