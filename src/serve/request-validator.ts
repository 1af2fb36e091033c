/**
 * The request validator: Ajv for JSON Schema 2020-12, configured explicitly so validation never
 * changes the data (no coercion, no removal of extra fields, no defaults filled in) and every
 * error is collected. Fastify's own Ajv coerces and strips, so it is replaced.
 */
import { createRequire } from "node:module";
import { FUNCFLOW_KEYWORDS } from "../schema/index.ts";

/** One Ajv error, as Ajv 8 reports it. */
export interface ValidationIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** A compiled validator: true when `data` is valid, else `errors` lists why. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly ValidationIssue[] | null;
}

interface AjvInstance {
  compile(schema: object): CompiledValidator;
}

/**
 * Ajv 8 ships inside fastify's validator compiler; the top-level `ajv` of this tree may be an
 * older major pulled by another tool, so Ajv2020 is loaded from fastify's own copy.
 */
function loadAjv2020(): new (options: object) => AjvInstance {
  const require = createRequire(import.meta.url);
  const fromCompiler = createRequire(require.resolve("@fastify/ajv-compiler"));
  const module = fromCompiler("ajv/dist/2020") as { default: new (options: object) => AjvInstance };
  return module.default;
}

/**
 * A fresh validator for request schemas. Bodies are never coerced; `urlText` makes the one for path
 * and query parameters, which a URL carries only as text: `"5"` is read as the number a parameter
 * declares, and a single value as a one-element list.
 * @example const validate = createRequestValidator().compile({ type: "number" });
 */
export function createRequestValidator(options: { readonly urlText?: boolean } = {}): AjvInstance {
  const Ajv2020 = loadAjv2020();
  const require = createRequire(import.meta.url);
  const addFormats = require("ajv-formats") as (ajv: AjvInstance, formats?: readonly string[]) => void;
  const ajv = new Ajv2020({
    coerceTypes: options.urlText ? "array" : false,
    removeAdditional: false,
    useDefaults: false,
    allErrors: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    keywords: [...FUNCFLOW_KEYWORDS, "example"],
  });
  addFormats(ajv, ["date-time", "date", "int64"] as never);
  return ajv;
}
