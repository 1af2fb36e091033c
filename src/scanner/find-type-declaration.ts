/**
 * Where a type name used in a file is declared: an interface or type alias at the top of that
 * file, or one it imports from a relative module (`import { X }`, `import type { X as Y }`,
 * `import X` of a default export, `import * as t` + `t.X`), followed through that file's own
 * declarations, `export { X }`, `export { X } from` and `export * from`, one file at a time.
 * Bounded in depth and safe against cycles. A package import is not followed: resolving it
 * needs package.json and node_modules, which a syntax-only scan does not read.
 */
import { ts } from "ts-morph";
import { hasModifier } from "./parse-module.ts";
import { isRelativeSpecifier, type TypeFiles } from "./type-files.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { SyntaxKind, isExportDeclaration, isImportDeclaration, isInterfaceDeclaration, isNamedExports, isNamedImports, isNamespaceImport, isStringLiteral, isTypeAliasDeclaration } = ts;

/** How many files one name may be followed through before the scan gives up. */
const MAX_FILE_HOPS = 16;

/** A file the lookup reads declarations in; `path` is undefined when its imports cannot be followed. */
export interface TypePlace {
  readonly sourceFile: ts.SourceFile;
  readonly path: string | undefined;
}

export type TypeDeclaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

/** Why a name gave no declaration; `fromPackage` marks a type that comes from a package import. */
export interface LookupProblem {
  readonly problem: string;
  readonly fromPackage: boolean;
}

export type TypeLookup =
  | { readonly kind: "found"; readonly declaration: TypeDeclaration; readonly place: TypePlace }
  | { readonly kind: "absent" }
  | ({ readonly kind: "problem" } & LookupProblem);

/** A followed import that found its file but no export of the name there. */
type ExportLookup = TypeLookup | { readonly kind: "not-exported"; readonly file: string; readonly declaredLocally: boolean };

const ABSENT: TypeLookup = { kind: "absent" };

/** The declaration `name` means in `place`, following its imports through `files` when given. */
export function findTypeDeclaration(name: string, place: TypePlace, files: TypeFiles | undefined): TypeLookup {
  return findLocal(name, place, files, 0, new Set());
}

/** The declaration `namespace.name` means in `place`, where `namespace` is an `import * as` binding. */
export function findQualifiedTypeDeclaration(namespace: string, name: string, place: TypePlace, files: TypeFiles | undefined): TypeLookup {
  const binding = importsOf(place.sourceFile).namespaces.get(namespace);
  return binding === undefined ? ABSENT : viaImport(`${namespace}.${name}`, binding, name, place, files, 0, new Set());
}

function findLocal(name: string, place: TypePlace, files: TypeFiles | undefined, hops: number, visited: Set<string>): TypeLookup {
  const declaration = declarationIn(place.sourceFile, name);
  if (declaration !== undefined) return { kind: "found", declaration, place };
  const binding = importsOf(place.sourceFile).named.get(name);
  return binding === undefined ? ABSENT : viaImport(name, binding.specifier, binding.imported, place, files, hops, visited);
}

/** Follows `local`, imported as `imported` from `specifier`, turning every failure into a sentence. */
function viaImport(local: string, specifier: string, imported: string, place: TypePlace, files: TypeFiles | undefined, hops: number, visited: Set<string>): TypeLookup {
  const found = followImport(specifier, imported, place, files, hops, visited);
  if (found.kind !== "not-exported" && found.kind !== "problem") return found;
  if (found.kind === "problem" && found.fromPackage) return found;
  const where = `"${local}" is imported from "${specifier}"`;
  if (found.kind === "problem") return { kind: "problem", problem: `${where}, but ${found.problem}`, fromPackage: false };
  const shown = files!.shown(found.file);
  const exported = imported === "default" ? "a default export" : `"${imported}"`;
  return {
    kind: "problem",
    problem: found.declaredLocally
      ? `${where}, but ${shown} declares ${exported} without exporting it. Export it there (\`export interface ${imported} …\`)`
      : `${where}, but ${shown} does not export ${exported} (as an interface or type alias). Export the type from ${shown}`,
    fromPackage: false,
  };
}

function followImport(specifier: string, name: string, from: TypePlace, files: TypeFiles | undefined, hops: number, visited: Set<string>): ExportLookup {
  if (!isRelativeSpecifier(specifier)) {
    return {
      kind: "problem",
      problem: `"${name}" is imported from the package "${specifier}", and the scanner follows relative imports only (a package's types are found through its package.json and node_modules, which a syntax-only scan of one file at a time does not resolve). Declare the type in a module of this project`,
      fromPackage: true,
    };
  }
  if (files === undefined || from.path === undefined) return ABSENT;
  if (hops >= MAX_FILE_HOPS) return { kind: "problem", problem: `following it went through more than ${MAX_FILE_HOPS} files. Import the type from the module that declares it`, fromPackage: false };
  const opened = files.open(specifier, from.path);
  if (opened.kind === "problem") return { kind: "problem", problem: opened.problem, fromPackage: false };
  return findExport(name, { sourceFile: opened.sourceFile, path: opened.path }, files, hops + 1, visited);
}

/** The declaration the file at `place` exports as `name`: its own, one it re-exports by name, or one of its `export *`. */
function findExport(name: string, place: TypePlace, files: TypeFiles, hops: number, visited: Set<string>): ExportLookup {
  const key = `${place.path}\u0000${name}`;
  if (visited.has(key)) {
    return { kind: "problem", problem: `the re-exports of "${name}" go round in a cycle through ${files.shown(place.path!)}. Import the type from the module that declares it`, fromPackage: false };
  }
  // A stack, not a set of everything seen: two re-export paths reaching one file are no cycle.
  visited.add(key);
  try {
    return findExportOnce(name, place, files, hops, visited);
  } finally {
    visited.delete(key);
  }
}

function findExportOnce(name: string, place: TypePlace, files: TypeFiles, hops: number, visited: Set<string>): ExportLookup {
  const stars: string[] = [];
  for (const statement of place.sourceFile.statements) {
    if ((isInterfaceDeclaration(statement) || isTypeAliasDeclaration(statement)) && isExportedAs(statement, name)) return { kind: "found", declaration: statement, place };
    if (!isExportDeclaration(statement) || statement.moduleSpecifier !== undefined && !isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier?.text;
    const clause = statement.exportClause;
    if (clause === undefined) {
      if (specifier !== undefined) stars.push(specifier);
      continue;
    }
    if (!isNamedExports(clause)) continue; // `export * as ns from`: a namespace, not a type
    for (const element of clause.elements) {
      if (element.name.text !== name) continue;
      const original = element.propertyName === undefined ? name : element.propertyName.text;
      if (specifier !== undefined) return followImport(specifier, original, place, files, hops, visited);
      const local = findLocal(original, place, files, hops, visited);
      return local.kind === "absent" ? { kind: "not-exported", file: place.path!, declaredLocally: false } : local;
    }
  }
  // Names a file exports itself win over its `export *`, as in TypeScript.
  let starProblem: TypeLookup | undefined;
  for (const specifier of stars) {
    const found = followImport(specifier, name, place, files, hops, visited);
    if (found.kind === "found") return found;
    if (found.kind === "problem") starProblem ??= found;
  }
  return starProblem ?? { kind: "not-exported", file: place.path!, declaredLocally: name !== "default" && declarationIn(place.sourceFile, name) !== undefined };
}

function isExportedAs(statement: TypeDeclaration, name: string): boolean {
  if (!hasModifier(statement, SyntaxKind.ExportKeyword)) return false;
  return name === "default" ? hasModifier(statement, SyntaxKind.DefaultKeyword) : statement.name.text === name && !hasModifier(statement, SyntaxKind.DefaultKeyword);
}

/** The interface or type alias named `name` at the top of `sourceFile`, exported or not. */
function declarationIn(sourceFile: ts.SourceFile, name: string): TypeDeclaration | undefined {
  for (const statement of sourceFile.statements) {
    if ((isInterfaceDeclaration(statement) || isTypeAliasDeclaration(statement)) && statement.name.text === name) return statement;
  }
  return undefined;
}

interface ImportBinding {
  readonly specifier: string;
  /** The name the other module exports it under (`default` for a default import). */
  readonly imported: string;
}

interface FileImports {
  /** Local name → where it comes from. */
  readonly named: ReadonlyMap<string, ImportBinding>;
  /** `import * as t`: local name → specifier. */
  readonly namespaces: ReadonlyMap<string, string>;
}

const importsByFile = new WeakMap<ts.SourceFile, FileImports>();

/** A file's import bindings, read once per parsed file, and only when a type name is not declared in it. */
function importsOf(sourceFile: ts.SourceFile): FileImports {
  let imports = importsByFile.get(sourceFile);
  if (imports !== undefined) return imports;
  const named = new Map<string, ImportBinding>();
  const namespaces = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    if (!isImportDeclaration(statement) || !isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (clause === undefined) continue;
    if (clause.name !== undefined) named.set(clause.name.text, { specifier, imported: "default" });
    const bindings = clause.namedBindings;
    if (bindings === undefined) continue;
    if (isNamespaceImport(bindings)) namespaces.set(bindings.name.text, specifier);
    else if (isNamedImports(bindings)) {
      for (const element of bindings.elements) named.set(element.name.text, { specifier, imported: element.propertyName === undefined ? element.name.text : element.propertyName.text });
    }
  }
  importsByFile.set(sourceFile, (imports = { named, namespaces }));
  return imports;
}
