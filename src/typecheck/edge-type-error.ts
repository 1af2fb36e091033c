/**
 * Turns an edge-check report into one error that lists every mismatch and input conflict,
 * each with both types and both source locations, the way a compiler lists diagnostics.
 */
import { relative } from "node:path";
import { FuncflowError, optionKeys, requireOptions } from "../errors/index.ts";
import { variantNodeName } from "../graph/index.ts";
import { requireEdgeTypeReport } from "./require-edge-type-report.ts";
import type { ConsumerSide, EdgeMismatch, EdgeTypeReport, InputConflict, ProducerSide, SourcePosition } from "./edge-type-report.ts";

/** Options of {@link edgeTypeError} and {@link describeTypeProblems}. */
export interface EdgeTypeErrorOptions {
  /** Paths in messages are relative to this directory (default: the current one). */
  readonly cwd?: string;
}

/** The keys of EdgeTypeErrorOptions, checked against the interface by the compiler. */
export const EDGE_TYPE_ERROR_OPTION_KEYS = optionKeys<EdgeTypeErrorOptions>({ cwd: true });

/**
 * The error for `report`'s problems, or undefined when every checked edge fits.
 * @returns FuncflowError `edge_type_mismatch`; `details.mismatches` and
 *   `details.inputConflicts` hold the report's entries, `node` the first node at fault.
 * @example
 * const error = edgeTypeError(await checkEdgeTypes(["src/transforms.ts"]));
 * if (error) console.error(error.message);
 */
export function edgeTypeError(report: EdgeTypeReport, options: EdgeTypeErrorOptions = {}): FuncflowError | undefined {
  requireEdgeTypeReport("edgeTypeError", report, ["mismatches", "inputConflicts"]);
  requireOptions("edgeTypeError", "options", options, EDGE_TYPE_ERROR_OPTION_KEYS, "{ cwd: process.cwd() }");
  const { mismatches, inputConflicts } = report;
  const count = mismatches.length + inputConflicts.length;
  if (count === 0) return undefined;
  const first = mismatches[0]?.consumer.node ?? inputConflicts[0]?.input;
  const heading =
    count === 1
      ? "1 type mismatch between nodes:"
      : `${count} type mismatches between nodes:`;
  const message = `${heading}\n${describeTypeProblems(report, options).join("\n")}\nFix the types so each value fits where it goes, or rename a parameter so it asks for another node.`;
  return new FuncflowError("edge_type_mismatch", message, {
    ...(first !== undefined && { node: first }),
    ...(mismatches[0] === undefined && inputConflicts[0] !== undefined && { input: inputConflicts[0].input }),
    details: { mismatches, inputConflicts },
  });
}

/**
 * The problems as indented lines: a heading per problem, then one line per side with its
 * place and type, e.g.
 * ```
 *   count → doubled(count): the value does not fit the parameter
 *     transforms.ts:8:17  count returns string
 *     transforms.ts:12:25 doubled(count) takes number
 * ```
 * @example for (const line of describeTypeProblems(report)) console.log(line);
 */
export function describeTypeProblems(report: EdgeTypeReport, options: EdgeTypeErrorOptions = {}): string[] {
  requireEdgeTypeReport("describeTypeProblems", report, ["mismatches", "inputConflicts"]);
  requireOptions("describeTypeProblems", "options", options, EDGE_TYPE_ERROR_OPTION_KEYS, "{ cwd: process.cwd() }");
  const where = (position: SourcePosition) => `${relative(options.cwd ?? process.cwd(), position.file)}:${position.line}:${position.column}`;
  return [
    ...report.mismatches.flatMap((mismatch) => describeMismatch(mismatch, where)),
    ...report.inputConflicts.flatMap((conflict) => describeConflict(conflict, where)),
  ];
}

function describeMismatch({ producer, consumer }: EdgeMismatch, where: (position: SourcePosition) => string): string[] {
  const places = alignPlaces([producer.position, consumer.position].map(where));
  const from = producer.expression ?? producerName(producer);
  return [
    `  ${from} → ${describeParam(consumer)}: the value does not fit the parameter`,
    `    ${places[0]} ${from} ${producer.expression === undefined ? "returns" : "is"} ${producer.type}`,
    `    ${places[1]} ${describeParam(consumer)} takes ${consumer.type}`,
  ];
}

function describeConflict({ input, consumers }: InputConflict, where: (position: SourcePosition) => string): string[] {
  const places = alignPlaces(consumers.map((consumer) => where(consumer.position)));
  return [
    `  input "${input}": no one type fits every function that asks for it`,
    ...consumers.map((consumer, index) => `    ${places[index]} ${describeParam(consumer)} takes ${consumer.type}`),
  ];
}

function alignPlaces(places: readonly string[]): string[] {
  const width = Math.max(...places.map((place) => place.length));
  return places.map((place) => place.padEnd(width));
}

function describeParam(consumer: ConsumerSide): string {
  const name = consumer.node === variantNodeName(consumer.exportName) ? consumer.exportName : `${consumer.node} (${consumer.exportName})`;
  return `${name}(${consumer.param})`;
}

/** A modifier-made node is named with the export it comes from. */
function producerName(producer: ProducerSide): string {
  return producer.node === variantNodeName(producer.exportName) ? producer.exportName : `${producer.node} (${producer.exportName})`;
}
