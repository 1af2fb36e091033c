/**
 * Infers the return types a TypeScript module leaves unwritten. This is the only place the
 * scanner builds a Program and a type checker, and it is reached only when some node function
 * lacks a return annotation: fully annotated modules never pay for it (measured in
 * `bench/scan.ts`: a fresh checker with the ES2023 lib costs ~0.3 s on top of the parse).
 *
 * The Program holds this one file and the standard lib, in memory: nothing else is read, so
 * the result depends on the source text alone (it is cached by content hash) and imported
 * types, which cannot be resolved, read as `unknown`.
 */
import { basename } from "node:path";
import { Project, ts } from "ts-morph";

/** A return type read from the type checker. */
export interface InferredReturnType {
  /** The type with any promise awaited, or `"unknown"` when it is `any` (e.g. from an unresolved import). */
  readonly returnType: string;
  /** True when the function returns a promise (or other thenable). */
  readonly isAsync: boolean;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts"],
  strict: true,
  noEmit: true,
  types: [],
  jsx: ts.JsxEmit.Preserve,
};

const TYPE_TEXT_FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

/**
 * Infers the return type of each of `functions`, nodes of `sourceFile` (a syntax-only parse
 * of `sourceText`). A fresh checker per call keeps the output deterministic: the checker
 * orders union members by creation order, which earlier queries would change.
 */
export function inferReturnTypes(
  sourceText: string,
  sourceFile: ts.SourceFile,
  functions: readonly ts.SignatureDeclaration[],
): InferredReturnType[] {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: COMPILER_OPTIONS });
  const path = `/${basename(sourceFile.fileName)}`;
  project.createSourceFile(path, sourceText);
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const checkedFile = program.getSourceFile(path);
  return functions.map((declaration) => {
    const twin = checkedFile && findTwin(checkedFile, declaration.getStart(sourceFile), declaration.kind);
    return twin === undefined ? { returnType: "unknown", isAsync: false } : inferOne(checker, twin);
  });
}

function inferOne(checker: ts.TypeChecker, declaration: ts.SignatureDeclaration): InferredReturnType {
  const signature = checker.getSignatureFromDeclaration(declaration);
  if (signature === undefined) return { returnType: "unknown", isAsync: false };
  const returned = checker.getReturnTypeOfSignature(signature);
  // Thenable by shape, not by name; awaiting a bare `T` would print `Awaited<T>`, so only thenables are awaited.
  const isAsync = checker.getPropertyOfType(returned, "then") !== undefined;
  const result = isAsync ? (checker.getAwaitedType(returned) ?? returned) : returned;
  const isAny = (result.flags & ts.TypeFlags.Any) !== 0;
  return { returnType: isAny ? "unknown" : checker.typeToString(result, declaration, TYPE_TEXT_FLAGS), isAsync };
}

/**
 * The node of the checked file at the same place as a node of the syntax-only parse: both
 * parse the same text, so start and kind identify it.
 */
function findTwin(checkedFile: ts.SourceFile, start: number, kind: ts.SyntaxKind): ts.SignatureDeclaration | undefined {
  // Down the nodes that span `start`, with an explicit stack: expressions nest arbitrarily deep.
  const pending: ts.Node[] = [];
  const push = (node: ts.Node): void => {
    if (start >= node.pos && start < node.end) pending.push(node);
  };
  ts.forEachChild(checkedFile, push);
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.kind === kind && node.getStart(checkedFile) === start) return node as ts.SignatureDeclaration;
    ts.forEachChild(node, push);
  }
  return undefined;
}
