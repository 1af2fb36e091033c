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

/** Every named top-level function of `module` that no named export makes a node, in source order. */
export function collectHiddenFunctions(module: ParsedModule, locals: LocalDeclarations): ManifestHiddenFunction[] {
  const { sourceFile } = module;
  const { exported, defaults } = exportedLocalNames(sourceFile);
  const hidden: ManifestHiddenFunction[] = [];
  for (const [name, local] of locals) {
    // `_` names are helpers by convention: exporting them would not make them nodes either.
    if (name.startsWith("_") || exported.has(name)) continue;
    const reason = defaults.has(name) ? "default-export" : "not-exported";
    if (local.kind === "function") {
      const [first] = local.declarations;
      if (first !== undefined && !hasModifier(first, ts.SyntaxKind.DeclareKeyword)) hidden.push({ name, line: lineOf(first, sourceFile), reason });
    } else if (local.kind === "variable" && local.declaration.initializer !== undefined && module.language !== "declaration") {
      if (readValue(local.declaration.initializer, { sourceFile, locals }).kind === "function") hidden.push({ name, line: lineOf(local.statement, sourceFile), reason });
    }
  }
  return hidden.sort((a, b) => a.line - b.line);
}

/** Local names exported by name (under any name), and those exported as the default. */
function exportedLocalNames(sourceFile: ts.SourceFile): { exported: Set<string>; defaults: Set<string> } {
  const exported = new Set<string>();
  const defaults = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement)) {
      if (!statement.isExportEquals && ts.isIdentifier(statement.expression)) defaults.add(statement.expression.text);
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier !== undefined || clause === undefined || !ts.isNamedExports(clause)) continue;
      for (const element of clause.elements) {
        const local = (element.propertyName ?? element.name).text;
        (element.name.text === "default" ? defaults : exported).add(local);
      }
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      const names = hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? defaults : exported;
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name !== undefined) {
        names.add(statement.name.text);
      }
    }
  }
  return { exported, defaults };
}
