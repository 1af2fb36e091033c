/**
 * The JSON Schema of every node and input of a built pipeline, read with the TypeScript checker
 * from the type texts the manifest recorded. Each type text is checked where it was written: in
 * a copy of its module with one type alias per text appended, so the module's own imports and
 * local interfaces resolve exactly as in the function's signature.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { Project, ts } from "ts-morph";
import { tsMorph, typescript } from "./lazy-ts-morph.ts";
import { FuncflowError, optionKeys, requireNodeList, requireOptions } from "../errors/index.ts";
import type { NodeInfo } from "../graph/index.ts";
import { ANY_ARROW_VALUE, type JsonSchema } from "./json-schema.ts";
import { inferSchema } from "./infer-schema.ts";
import { readLiteral } from "./read-literal.ts";
import { typeToSchema } from "./type-to-schema.ts";
import { unsupportedType } from "./unsupported-type.ts";

/** What is known about one node's (or input's) values on the wire. */
export interface NodeSchema {
  readonly name: string;
  readonly kind: NodeInfo["kind"];
  /** The JSON Schema of its values; undefined when `problem` says why there is none. */
  readonly schema: JsonSchema | undefined;
  /** The `unsupported_type` (or unreadable module) error when the type has no JSON form. */
  readonly problem: FuncflowError | undefined;
}

/** Where modules and compiler options are found. */
export interface PipelineSchemaOptions {
  /** The folder relative module paths in NodeInfo are read from; default: the current directory. */
  readonly root?: string;
  /** A tsconfig path; undefined finds the nearest one above each module; false uses defaults. */
  readonly tsconfig?: string | false;
}

/** The keys of PipelineSchemaOptions, checked against the interface by the compiler. */
export const PIPELINE_SCHEMA_OPTION_KEYS = optionKeys<PipelineSchemaOptions>({ root: true, tsconfig: true });

const ALIAS_PREFIX = "__funcflowSchema";
/**
 * An Arrow column of undeclared type: `extractColumns` types a column of an untyped `Table` as a
 * bare `Vector` (the text need not resolve in the module, which may import only `Table`), and so
 * may a function; either says nothing about its values.
 */
const UNTYPED_COLUMN_TEXT = "Vector";
const UNTYPED_COLUMN: JsonSchema = { type: "array", items: ANY_ARROW_VALUE, "x-arrow-type": "unknown", description: "An Arrow column of unknown type." };

/**
 * The schemas of `nodes` (as `driver.listNodes()` returns them), by node name. Config nodes are
 * left out. A node whose type has no JSON form gets `problem` instead of `schema`.
 * @throws FuncflowError `invalid_argument` when a tsconfig cannot be read.
 * @example const schemas = readPipelineSchemas(driver.listNodes(), { root: process.cwd() });
 */
export function readPipelineSchemas(nodes: readonly NodeInfo[], options: PipelineSchemaOptions = {}): ReadonlyMap<string, NodeSchema> {
  requireNodeList("readPipelineSchemas", "nodes", nodes, ["dependencies", "dependents"]);
  requireOptions("readPipelineSchemas", "options", options, PIPELINE_SCHEMA_OPTION_KEYS, '{ root: "." }');
  return collectPipelineSchemas(nodes, options).schemas;
}

/**
 * `readPipelineSchemas`, plus every file on disk the checker read (for the schema cache's fingerprints).
 * @throws FuncflowError `invalid_argument` when a tsconfig cannot be read.
 */
export function readPipelineSchemasWithFiles(
  nodes: readonly NodeInfo[],
  options: PipelineSchemaOptions = {},
): { schemas: ReadonlyMap<string, NodeSchema>; files: readonly string[] } {
  requireNodeList("readPipelineSchemasWithFiles", "nodes", nodes, ["dependencies", "dependents"]);
  requireOptions("readPipelineSchemasWithFiles", "options", options, PIPELINE_SCHEMA_OPTION_KEYS, '{ root: "." }');
  return collectPipelineSchemas(nodes, options);
}

/**
 * readPipelineSchemasWithFiles without its argument checks, for callers that made them already
 * (readPipelineSchemas, loadPipelineSchemas): the node list is checked once, not once per layer.
 * Keys of `options` other than root and tsconfig are ignored.
 */
export function collectPipelineSchemas(nodes: readonly NodeInfo[], options: PipelineSchemaOptions): { schemas: ReadonlyMap<string, NodeSchema>; files: readonly string[] } {
  const root = options.root ?? process.cwd();
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const wanted = new Map<string, { node: NodeInfo; typeText: string; module: string }[]>();
  const result = new Map<string, NodeSchema>();
  for (const node of nodes) {
    if (node.kind === "config") continue;
    const site = typeSite(node, byName);
    if (site === undefined) {
      result.set(node.name, problemOf(node, unsupportedType({ node: node.name, path: [] }, node.type || "unknown", "no module declares its type")));
      continue;
    }
    const module = resolve(root, site.module);
    const list = wanted.get(module) ?? [];
    list.push({ node, typeText: site.typeText, module });
    wanted.set(module, list);
  }
  // One Project per tsconfig: Arrow's and the lib's declarations are then read once.
  const projects = new Map<string, Project>();
  for (const [module, entries] of wanted) {
    const configPath = options.tsconfig === false ? undefined : options.tsconfig ?? typescript().findConfigFile(dirname(module), typescript().sys.fileExists);
    let project = projects.get(configPath ?? "");
    if (project === undefined) {
      project = createProject(configPath);
      projects.set(configPath ?? "", project);
    }
    for (const [name, schema] of readModuleSchemas(module, entries, project)) result.set(name, schema);
  }
  const files = new Set<string>();
  for (const project of projects.values()) {
    for (const sourceFile of project.getProgram().compilerObject.getSourceFiles()) {
      const file = sourceFile.fileName;
      // The module copies live in memory, and the lib files come with TypeScript itself.
      if (!file.endsWith(".funcflow-schema.ts") && !file.startsWith("/node_modules/typescript/lib")) files.add(file);
    }
  }
  for (const entries of wanted.values()) for (const { module } of entries) files.add(module);
  return { schemas: result, files: [...files] };
}

/**
 * The module and type text a node's type is read from: its own function's, or its first
 * consumer's. An input's is its own type (the one every consumer accepts, which the graph
 * narrowed from their union members), read in a consumer's module: every name it keeps is
 * written in each consumer's type.
 */
function typeSite(node: NodeInfo, byName: ReadonlyMap<string, NodeInfo>): { module: string; typeText: string } | undefined {
  if (node.source !== undefined) return { module: node.source.module, typeText: node.type };
  const sites = node.dependents.flatMap((dependent) => {
    const consumer = byName.get(dependent);
    const param = consumer?.dependencies.find((dependency) => dependency.name === node.name);
    return consumer?.source !== undefined && param !== undefined ? [{ module: consumer.source.module, typeText: param.type }] : [];
  });
  if (node.kind === "input") {
    // The consumer that declared the input's type, else one that declared any (an untyped one may not know its names).
    const site = sites.find(({ typeText }) => typeText === node.type) ?? sites.find(({ typeText }) => !["unknown", "any", ""].includes(typeText.trim()));
    if (site !== undefined) return { module: site.module, typeText: node.type };
  }
  return sites[0];
}

function readModuleSchemas(
  module: string,
  entries: readonly { node: NodeInfo; typeText: string }[],
  project: Project,
): Map<string, NodeSchema> {
  const schemas = new Map<string, NodeSchema>();
  let text: string;
  try {
    text = readFileSync(module, "utf8");
  } catch (error) {
    const problem = new FuncflowError("module_not_found", `${module}: cannot read the module to type its nodes. Check the path.`, { cause: error });
    for (const { node } of entries) schemas.set(node.name, problemOf(node, problem));
    return schemas;
  }
  // `[T][0]` is T itself, but keeps the alias name off anonymous types so messages print `T`.
  const aliases = entries.map(({ typeText }, index) => `type ${ALIAS_PREFIX}${index} = [${typeText === UNTYPED_COLUMN_TEXT ? "unknown" : typeText || "unknown"}][0];`);
  const copyPath = `${dirname(module)}/${basename(module).replace(/\.[cm]?[jt]sx?$/, "")}.funcflow-schema.ts`;
  let copy = project.createSourceFile(copyPath, `${text}\n${aliases.join("\n")}\n`, { overwrite: true });
  let checker = project.getTypeChecker().compilerObject;
  // An extracted column's type is written by funcflow (`Vector<Float64>` from a declared
  // `Table<{ … }>`), not by the module, which may import only `Table`: Arrow's Vector is brought
  // into the copy when the module has no `Vector` of its own.
  if (entries.some(({ typeText }) => /\bVector\b/.test(typeText)) && !checker.getSymbolsInScope(copy.compilerNode, typescript().SymbolFlags.Type).some((symbol) => symbol.name === "Vector")) {
    copy = project.createSourceFile(copyPath, `${text}\nimport type { Vector } from "apache-arrow";\n${aliases.join("\n")}\n`, { overwrite: true });
    // The program is made again with the new copy: the old checker knows the old one only.
    checker = project.getTypeChecker().compilerObject;
  }
  const declarations = new Map(
    copy.compilerNode.statements.filter(typescript().isTypeAliasDeclaration).filter((alias) => alias.name.text.startsWith(ALIAS_PREFIX)).map((alias) => [alias.name.text, alias]),
  );
  entries.forEach(({ node, typeText }, index) => {
    if (typeText === UNTYPED_COLUMN_TEXT) {
      schemas.set(node.name, schemaOf(node, UNTYPED_COLUMN));
      return;
    }
    const declaration = declarations.get(`${ALIAS_PREFIX}${index}`)!;
    const type = checker.getTypeFromTypeNode(declaration.type);
    if ((type as { intrinsicName?: string }).intrinsicName === "error") {
      schemas.set(node.name, problemOf(node, unsupportedType({ node: node.name, path: [] }, typeText, "the type cannot be resolved in its module")));
      return;
    }
    try {
      const fallback = node.isExternalInput ? readDefault(node, copy.compilerNode) : undefined;
      // An unannotated parameter with a default (`window = 3`) is typed by its default's value.
      const untyped = (type.flags & (typescript().TypeFlags.Any | typescript().TypeFlags.Unknown)) !== 0 && fallback !== undefined;
      const schema = untyped ? inferSchema(fallback.value, node.name) : typeToSchema(type, checker, { node: node.name, path: [] });
      const withDefault = fallback === undefined ? schema : { ...schema, default: fallback.value };
      const description = node.doc ?? (node.isExternalInput ? `Input of ${node.dependents.join(", ")}.` : undefined);
      schemas.set(node.name, schemaOf(node, description === undefined ? withDefault : { description, ...withDefault }));
    } catch (error) {
      if (!(error instanceof FuncflowError)) throw error;
      schemas.set(node.name, problemOf(node, error));
    }
  });
  return schemas;
}

function createProject(configPath: string | undefined): Project {
  if (configPath === undefined) {
    return new (tsMorph().Project)({
      compilerOptions: { target: typescript().ScriptTarget.ES2022, module: typescript().ModuleKind.NodeNext, moduleResolution: typescript().ModuleResolutionKind.NodeNext, strict: true, allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true },
    });
  }
  try {
    return new (tsMorph().Project)({ tsConfigFilePath: configPath, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true } });
  } catch (error) {
    throw new FuncflowError("invalid_argument", `${configPath}: the tsconfig cannot be read. Fix it, or pass another.`, { cause: error, details: { tsconfig: configPath } });
  }
}

/** An optional input's default, when a consumer writes it as a JSON literal. */
function readDefault(input: NodeInfo, sourceFile: ts.SourceFile): { readonly value: unknown } | undefined {
  for (const statement of sourceFile.statements) {
    for (const fn of functionsIn(statement)) {
      const parameter = fn.parameters.find((candidate) => typescript().isIdentifier(candidate.name) && candidate.name.text === input.name);
      const value = parameter?.initializer === undefined ? undefined : readLiteral(parameter.initializer);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/** The exported functions a statement declares: `export function`, or the innermost function of an `export const`. */
function functionsIn(statement: ts.Statement): ts.SignatureDeclaration[] {
  const exported = typescript().canHaveModifiers(statement) && typescript().getModifiers(statement)?.some((modifier) => modifier.kind === typescript().SyntaxKind.ExportKeyword);
  if (!exported) return [];
  if (typescript().isFunctionDeclaration(statement)) return [statement];
  if (!typescript().isVariableStatement(statement)) return [];
  const found: ts.SignatureDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    if (typescript().isArrowFunction(node) || typescript().isFunctionExpression(node)) found.push(node);
    else typescript().forEachChild(node, visit);
  };
  for (const declaration of statement.declarationList.declarations) if (declaration.initializer) visit(declaration.initializer);
  return found;
}

function schemaOf(node: NodeInfo, schema: JsonSchema): NodeSchema {
  return { name: node.name, kind: node.kind, schema, problem: undefined };
}

function problemOf(node: NodeInfo, problem: FuncflowError): NodeSchema {
  return { name: node.name, kind: node.kind, schema: undefined, problem };
}
