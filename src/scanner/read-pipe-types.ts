/**
 * Types the graph cannot see at run time for nodes some modifiers make, read from the syntax
 * like the rest of the scanner: the columns of an `extractColumns` function's declared table
 * (`Table<{ age: Float64 }>` gives `age: Vector<Float64>`), and the parameter and return types
 * of the step functions its pipes call, as written where the module declares them. A step
 * imported from another module, or a type left unwritten, reads as `unknown`.
 */
import { ts } from "ts-morph";
import type { ManifestField, ManifestStepType } from "../manifest/index.ts";
import { readReturnFields } from "./read-return-fields.ts";
import { skipTypeWrappers } from "./read-value.ts";
import type { TypeFiles } from "./type-files.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { isArrowFunction, isCallExpression, isFunctionDeclaration, isFunctionExpression, isIdentifier, isParenthesizedTypeNode, isPropertyAccessExpression, isTypeReferenceNode, isVariableStatement } = ts;

const PIPES = new Set(["pipeInput", "pipeOutput"]);

/**
 * The columns `extractColumns` reads from a function returning `type`: each column of an Arrow
 * `Table<S>` as `Vector<S[column]>`, or each field of a record of vectors. `S` or the record
 * may be imported from a relative module when `files` is given.
 * @example readReturnColumns(fn.type, sourceFile); // [{ name: "age", type: "Vector<Float64>", optional: false }] for `(): Table<{ age: Float64 }>`
 */
export function readReturnColumns(type: ts.TypeNode | undefined, sourceFile: ts.SourceFile, files?: TypeFiles): ManifestField[] | undefined {
  const written = type === undefined ? undefined : unwrapPromise(type);
  if (written === undefined) return undefined;
  if (isTypeReferenceNode(written) && typeNameOf(written) === "Table") {
    const [schema] = written.typeArguments ?? [];
    const fields = schema === undefined ? undefined : readReturnFields(schema, sourceFile, files).fields;
    return fields?.map((field) => ({ ...field, type: `Vector<${field.type}>` }));
  }
  return readReturnFields(written, sourceFile, files).fields;
}

/**
 * Step function name → its written types, for every `step(fn, …)` in the function's
 * `pipeInput`/`pipeOutput` calls whose `fn` the module declares; undefined when there is none.
 */
export function readStepTypes(calls: readonly ts.CallExpression[], names: readonly string[], sourceFile: ts.SourceFile): Record<string, ManifestStepType> | undefined {
  const types: Record<string, ManifestStepType> = {};
  calls.forEach((call, index) => {
    if (!PIPES.has(names[index] ?? "")) return;
    for (const argument of call.arguments.slice(0, -1)) {
      const fn = stepFunction(argument);
      if (fn === undefined || Object.hasOwn(types, fn)) continue;
      const declared = localFunction(fn, sourceFile);
      if (declared !== undefined) types[fn] = typesOf(declared, sourceFile);
    }
  });
  return Object.keys(types).length === 0 ? undefined : types;
}

/** The identifier `step(fn, …)` calls, through `.named(…)`, `.when(…)` and the like. */
function stepFunction(expression: ts.Expression): string | undefined {
  let current = skipTypeWrappers(expression);
  while (isCallExpression(current)) {
    const callee = skipTypeWrappers(current.expression);
    if (isPropertyAccessExpression(callee) && !isIdentifier(callee.expression)) {
      current = skipTypeWrappers(callee.expression);
      continue;
    }
    const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    const fn = current.arguments[0] === undefined ? undefined : skipTypeWrappers(current.arguments[0]);
    return name === "step" && fn !== undefined && isIdentifier(fn) ? fn.text : undefined;
  }
  return undefined;
}

type LocalFunction = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

function localFunction(name: string, sourceFile: ts.SourceFile): LocalFunction | undefined {
  for (const statement of sourceFile.statements) {
    if (isFunctionDeclaration(statement) && statement.name?.text === name && statement.body !== undefined) return statement;
    if (!isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!isIdentifier(declaration.name) || declaration.name.text !== name || declaration.initializer === undefined) continue;
      const initializer = skipTypeWrappers(declaration.initializer);
      if (isArrowFunction(initializer) || isFunctionExpression(initializer)) return initializer;
    }
  }
  return undefined;
}

function typesOf(fn: LocalFunction, sourceFile: ts.SourceFile): ManifestStepType {
  const returned = fn.type === undefined ? undefined : unwrapPromise(fn.type);
  return {
    params: fn.parameters.map((parameter) => parameter.type?.getText(sourceFile) ?? "unknown"),
    returnType: returned?.getText(sourceFile) ?? "unknown",
  };
}

function unwrapPromise(type: ts.TypeNode): ts.TypeNode {
  if (isParenthesizedTypeNode(type)) return unwrapPromise(type.type);
  if (isTypeReferenceNode(type) && typeNameOf(type) === "Promise" && type.typeArguments?.length === 1) return unwrapPromise(type.typeArguments[0]!);
  return type;
}

/** `Table` for `Table<…>` and `arrow.Table<…>`. */
function typeNameOf(type: ts.TypeReferenceNode): string {
  return isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
}
