/**
 * The parameter names of a function or of a class's constructor, as written in its source
 * (empty for a destructured pattern): how the package tests find each export's arguments
 * without a type checker.
 */
export function parameterNames(fn: Function): string[] {
  const source = Function.prototype.toString.call(fn);
  const isClass = /^class\b/.test(source);
  const list = isClass ? /constructor\s*\(([^)]*)\)/.exec(source)?.[1] : /^[^(]*\(([^)]*)\)/.exec(source)?.[1];
  if (list === undefined) return [];
  return list.split(",").map((parameter) => /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)\s*(?:=.*)?$/.exec(parameter)?.[1] ?? "");
}
