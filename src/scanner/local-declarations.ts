/**
 * The module's top-level value declarations by name, so an export list (`export { a as b }`)
 * and a modifier's wrapped argument (`tag({…}, _impl)`) can be followed to what they name.
 * Types and interfaces are left out: a name that is only a type is never a node.
 */
import { ts } from "ts-morph";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { isClassDeclaration, isEnumDeclaration, isFunctionDeclaration, isIdentifier, isImportDeclaration, isImportEqualsDeclaration, isModuleDeclaration, isNamespaceImport, isOmittedExpression, isStringLiteral, isVariableStatement } = ts;

/** What a top-level name is declared as. */
export type LocalDeclaration =
  /** Every declaration of the name: several when it is overloaded. */
  | { readonly kind: "function"; readonly declarations: readonly ts.FunctionDeclaration[] }
  | { readonly kind: "variable"; readonly declaration: ts.VariableDeclaration; readonly statement: ts.VariableStatement }
  | { readonly kind: "class"; readonly node: ts.ClassDeclaration }
  | { readonly kind: "enum"; readonly node: ts.EnumDeclaration }
  /**
   * Declared in another module: exporting it is a re-export. `importedName` is the export it
   * binds (`"default"` for a default import, `"*"` for a namespace); both are absent for `import x = require(…)`.
   */
  | { readonly kind: "imported"; readonly specifier?: string; readonly importedName?: string }
  /** Destructured from a value, or a namespace: its value cannot be seen here. */
  | { readonly kind: "opaque"; readonly node: ts.Statement };

/** Top-level value names of a module. */
export type LocalDeclarations = ReadonlyMap<string, LocalDeclaration>;

/** Indexes the top-level value declarations of `sourceFile` by name. */
export function indexLocalDeclarations(sourceFile: ts.SourceFile): LocalDeclarations {
  const locals = new Map<string, LocalDeclaration>();
  for (const statement of sourceFile.statements) {
    if (isFunctionDeclaration(statement) && statement.name !== undefined) {
      addFunction(locals, statement.name.text, statement);
    } else if (isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (isIdentifier(declaration.name)) {
          locals.set(declaration.name.text, { kind: "variable", declaration, statement });
        } else {
          for (const name of boundNames(declaration.name)) locals.set(name, { kind: "opaque", node: statement });
        }
      }
    } else if (isClassDeclaration(statement) && statement.name !== undefined) {
      locals.set(statement.name.text, { kind: "class", node: statement });
    } else if (isEnumDeclaration(statement)) {
      locals.set(statement.name.text, { kind: "enum", node: statement });
    } else if (isModuleDeclaration(statement) && isIdentifier(statement.name)) {
      locals.set(statement.name.text, { kind: "opaque", node: statement });
    } else {
      for (const [name, binding] of importedNames(statement)) locals.set(name, { kind: "imported", ...binding });
    }
  }
  return locals;
}

function addFunction(locals: Map<string, LocalDeclaration>, name: string, declaration: ts.FunctionDeclaration): void {
  const existing = locals.get(name);
  const declarations = existing?.kind === "function" ? [...existing.declarations, declaration] : [declaration];
  locals.set(name, { kind: "function", declarations });
}

/** The identifiers a destructuring pattern binds, e.g. `a`, `b` and `c` in `{ a, b: [c] }`. */
export function boundNames(pattern: ts.BindingName): string[] {
  if (isIdentifier(pattern)) return [pattern.text];
  return pattern.elements.flatMap((element) => (isOmittedExpression(element) ? [] : boundNames(element.name)));
}

type ImportBinding = { readonly specifier?: string; readonly importedName?: string };

/** Each local name an import statement binds, with the module and export it binds. */
function importedNames(statement: ts.Statement): [string, ImportBinding][] {
  if (isImportEqualsDeclaration(statement)) return [[statement.name.text, {}]];
  if (!isImportDeclaration(statement) || statement.importClause === undefined) return [];
  const specifier = isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
  const bind = (importedName: string): ImportBinding => (specifier === undefined ? {} : { specifier, importedName });
  const { name, namedBindings } = statement.importClause;
  const names: [string, ImportBinding][] = name === undefined ? [] : [[name.text, bind("default")]];
  if (namedBindings === undefined) return names;
  if (isNamespaceImport(namedBindings)) return [...names, [namedBindings.name.text, bind("*")]];
  return [...names, ...namedBindings.elements.map((element): [string, ImportBinding] => [element.name.text, bind((element.propertyName ?? element.name).text)])];
}
