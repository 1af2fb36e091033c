/**
 * Top-level functions a module declares but does not export by name: helpers left without
 * `export`, and the default export. Neither is a node, so a parameter naming one is a missing
 * input; recording them lets that error say what the name really is.
 */
import { ts } from "ts-morph";
import type { ManifestHiddenFunction } from "../manifest/index.ts";
import type { LocalDeclarations } from "./local-declarations.ts";
import { hasModifier, lineOf, type ParsedModule } from "./parse-module.ts";
import { readValue } from "./read-value.ts";

// The bundled TypeScript exports each name through a getter (a call per use): read them once.
const { SyntaxKind, isClassDeclaration, isExportAssignment, isExportDeclaration, isFunctionDeclaration, isIdentifier, isNamedExports, isVariableStatement } = ts;

/** Every named top-level function of `module` that no named export makes a node, in source order. */
export function collectHiddenFunctions(module: ParsedModule, locals: LocalDeclarations): ManifestHiddenFunction[] {
  const { sourceFile } = module;
  // Most locals are exported by their own statement; the names exported any other way are
  // gathered (one more pass over the statements) only when some local is not.
  let exportedNames: { exported: Set<string>; defaults: Set<string> } | undefined;
  const hidden: ManifestHiddenFunction[] = [];
  locals.forEach((local, name) => {
    // `_` names are helpers by convention: exporting them would not make them nodes either.
    if (name.startsWith("_")) return;
    const declaration = local.kind === "function" ? local.declarations[0] : local.kind === "variable" ? local.statement : undefined;
    if (declaration === undefined || isExportedByName(declaration)) return;
    exportedNames ??= exportedLocalNames(sourceFile);
    if (exportedNames.exported.has(name)) return;
    const reason = exportedNames.defaults.has(name) ? "default-export" : "not-exported";
    if (local.kind === "function") {
      if (!hasModifier(declaration, SyntaxKind.DeclareKeyword)) hidden.push({ name, line: lineOf(declaration, sourceFile), reason });
    } else if (local.kind === "variable" && local.declaration.initializer !== undefined && module.language !== "declaration") {
      if (readValue(local.declaration.initializer, { sourceFile, locals }).kind === "function") hidden.push({ name, line: lineOf(local.statement, sourceFile), reason });
    }
  });
  return hidden.sort((a, b) => a.line - b.line);
}

/** `export function f` or `export const f = …`: the statement itself exports the names it declares. */
function isExportedByName(statement: ts.Statement): boolean {
  return hasModifier(statement, SyntaxKind.ExportKeyword) && !hasModifier(statement, SyntaxKind.DefaultKeyword);
}

/** Local names exported by name (under any name), and those exported as the default. */
function exportedLocalNames(sourceFile: ts.SourceFile): { exported: Set<string>; defaults: Set<string> } {
  const exported = new Set<string>();
  const defaults = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (isExportAssignment(statement)) {
      if (!statement.isExportEquals && isIdentifier(statement.expression)) defaults.add(statement.expression.text);
    } else if (isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier !== undefined || clause === undefined || !isNamedExports(clause)) continue;
      for (const element of clause.elements) {
        const local = (element.propertyName ?? element.name).text;
        (element.name.text === "default" ? defaults : exported).add(local);
      }
    } else if (hasModifier(statement, SyntaxKind.ExportKeyword)) {
      const names = hasModifier(statement, SyntaxKind.DefaultKeyword) ? defaults : exported;
      if (isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) if (isIdentifier(declaration.name)) names.add(declaration.name.text);
      } else if ((isFunctionDeclaration(statement) || isClassDeclaration(statement)) && statement.name !== undefined) {
        names.add(statement.name.text);
      }
    }
  }
  return { exported, defaults };
}
