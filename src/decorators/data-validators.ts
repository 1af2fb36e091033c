/**
 * Data-quality validators: the built-in checks `checkOutput` offers, and the shape a custom
 * validator takes for `checkOutputCustom`. Each reads Arrow vectors, typed arrays, plain arrays
 * and scalars through one summary (see `column-values.ts`).
 */
import { isTableLike } from "../columnar/index.ts";
import { forEachElement, forEachNumber, isArrowVectorLike, summarize, typeMatches, type ColumnSummary } from "./column-values.ts";

/** `warn`: a failure is logged and the value passes on; `fail`: a failure stops the run. */
export type Importance = "warn" | "fail";

/** What one validator found. */
export interface DataValidationResult {
  readonly passes: boolean;
  /** One line saying what was checked and what was found. */
  readonly message: string;
  /** Numbers behind the verdict (counts, bounds, the mean, …). */
  readonly diagnostics?: Readonly<Record<string, unknown>>;
}

/**
 * A check on a node's value of type `T`; its `name` is part of the validator node's name. A
 * `DataValidator` (of `unknown`) checks any value; `checkOutputCustom` takes `DataValidator<T>`s
 * for the wrapped function's awaited return type `T`, so a validator of another type does not compile.
 */
export interface DataValidator<T = unknown> {
  /** Used in the node name `<node>_<name>_validator`. */
  readonly name: string;
  readonly importance: Importance;
  /** What it checks, in words. */
  readonly description?: string;
  /** A property, not a method, so its parameter is checked contravariantly: a validator of `string` is no validator of `number`. */
  readonly validate: (value: T) => DataValidationResult;
}

/** The built-in checks `checkOutput` takes. */
export interface BuiltInChecks {
  /** The value's type name, or several accepted: `"float64"`, `"int32"`, `"utf8"`, `"bool"`, or `"number"`, `"string"`, `"boolean"`, `"bigint"`. */
  readonly dataType?: string | readonly string[];
  /** Every non-null number lies in `[min, max]`; a NaN does not (as in Hamilton), a null is skipped. */
  readonly range?: readonly [min: number, max: number];
  /**
   * Every element of a column or list that is not missing (null, undefined, NaN) is one of these,
   * as Hamilton's ignores NA; a single value must be one of them. A boolean counts as 1 or 0, as
   * in pandas: a Bool column passes `[0, 1]`.
   */
  readonly valuesIn?: readonly unknown[];
  /** `false`: no element is null (or undefined). */
  readonly allowNull?: boolean;
  /** `false`: no element is NaN or null (Hamilton's `allow_nans=False`: pandas counts a missing value as NaN). */
  readonly allowNaN?: boolean;
  /** At most this fraction (0–1) of the elements is NaN or null. */
  readonly maxFractionNaN?: number;
  /** The mean of the non-null, non-NaN numbers lies in `[min, max]`. */
  readonly meanInRange?: readonly [min: number, max: number];
  /** The sample standard deviation (n − 1, as pandas' `std()`) of the non-null, non-NaN numbers is at most this; fewer than two numbers fail, having none. */
  readonly maxStandardDev?: number;
  /** The value is a string containing this text (every one of these texts). */
  readonly contains?: string | readonly string[];
  /** The value is a string containing none of these texts. */
  readonly doesNotContain?: string | readonly string[];
}

type CheckName = keyof BuiltInChecks;

/**
 * The built-in checks in the order their validator nodes are made.
 * @example BUILT_IN_CHECKS.filter((name) => options[name] !== undefined);
 */
export const BUILT_IN_CHECKS: readonly CheckName[] = ["dataType", "range", "valuesIn", "allowNull", "allowNaN", "maxFractionNaN", "meanInRange", "maxStandardDev", "contains", "doesNotContain"];

/**
 * Why a built-in check's argument is unusable, or undefined.
 * @example builtInProblem("range", [5, 1]); // "range must be [min, max] with min <= max, got [5,1]"
 */
export function builtInProblem(name: CheckName, argument: unknown): string | undefined {
  const pair = Array.isArray(argument) && argument.length === 2 && argument.every((n) => typeof n === "number") && (argument[0] as number) <= (argument[1] as number);
  switch (name) {
    case "dataType":
      return typeof argument === "string" || (Array.isArray(argument) && argument.length > 0 && argument.every((t) => typeof t === "string"))
        ? undefined
        : `dataType must be a type name such as "float64" or a list of them`;
    case "range":
    case "meanInRange":
      return pair ? undefined : `${name} must be [min, max] with min <= max, got ${describeValue(argument)}`;
    case "valuesIn":
      return Array.isArray(argument) ? undefined : `valuesIn must be a list of allowed values`;
    case "allowNull":
    case "allowNaN":
      return typeof argument === "boolean" ? undefined : `${name} must be true or false`;
    case "maxFractionNaN":
      return typeof argument === "number" && argument >= 0 && argument <= 1 ? undefined : `maxFractionNaN must be a fraction between 0 and 1, got ${describeValue(argument)}`;
    case "maxStandardDev":
      return typeof argument === "number" && argument >= 0 ? undefined : `maxStandardDev must be a number of at least 0, got ${describeValue(argument)}`;
    case "contains":
    case "doesNotContain":
      return typeof argument === "string" || (Array.isArray(argument) && argument.length > 0 && argument.every((t) => typeof t === "string"))
        ? undefined
        : `${name} must be a text or a non-empty list of texts, got ${describeValue(argument)}`;
  }
}

/**
 * The validator for one built-in check.
 * @example builtInValidator("range", [0, 1], "fail").validate(new Float64Array([0.5])).passes; // true
 */
export function builtInValidator(name: CheckName, argument: unknown, importance: Importance): DataValidator {
  // A table is no column: read as one value it would pass every element check vacuously (no
  // NaN, no number out of range). Hamilton has no such validator for a DataFrame either.
  const make = (description: string, validate: (value: unknown) => DataValidationResult): DataValidator => ({
    name,
    importance,
    description,
    validate: COLUMN_CHECKS.includes(name) ? (value) => (isTableLike(value) ? tableRefused(name, value) : validate(value)) : validate,
  });
  switch (name) {
    case "dataType": {
      const accepted = ([] as string[]).concat(argument as string | string[]);
      return make(`type is ${accepted.join(" or ")}`, (value) => {
        const { typeName } = summarize(value);
        const passes = accepted.some((expected) => typeMatches(typeName, expected));
        return { passes, message: `type is ${typeName}${passes ? "" : `, expected ${accepted.join(" or ")}`}`, diagnostics: { type: typeName, expected: accepted } };
      });
    }
    case "range": {
      const [min, max] = argument as [number, number];
      return make(`values in [${min}, ${max}]`, (value) => {
        const summary = summarize(value);
        // A value with no numbers at all (a string) would pass vacuously: the check must say it cannot judge it.
        if (summary.otherCount > 0) return notNumeric("range", summary);
        // A NaN lies in no range, as Hamilton judges it (`min <= x <= max` on a number,
        // `Series.between` on a series are false for NaN); a null is skipped.
        const { nanCount } = summary;
        const passes = nanCount === 0 && (summary.numericCount === 0 || (summary.min >= min && summary.max <= max));
        const found = summary.numericCount === 0 ? "no numbers" : `values span [${summary.min}, ${summary.max}]`;
        const nan = nanCount === 0 ? "" : `${nanCount} of ${summary.length} values ${nanCount === 1 && summary.length === 1 ? "is" : "are"} NaN, `;
        // Counted only on failure: a passing check reads the value once.
        const outside = passes ? 0 : countElements(value, (n) => n < min || n > max);
        const counts = passes ? "" : `; ${outside} of ${summary.numericCount} numbers outside`;
        return {
          passes,
          message: `${nan}${found}, expected within [${min}, ${max}]${counts}`,
          diagnostics: { min: summary.min, max: summary.max, nanCount, range: [min, max], inRange: summary.numericCount - outside, outside },
        };
      });
    }
    case "valuesIn": {
      // Compared by value kind, so 0n (an Int64 column's element) is in [0, 1] and 1 is in [0n, 1n].
      const allowed = new Set((argument as unknown[]).map(comparableKey));
      return make(`values in ${describeValues(argument as unknown[])}`, (value) => {
        const outside = new Set<unknown>();
        // A column skips its missing elements (pandas' isna); a single value is judged as it is.
        const single = !isCollection(value);
        const missing = (element: unknown) => !single && (element === null || element === undefined || Number.isNaN(element));
        forEachElement(value, (element) => !missing(element) && !allowed.has(comparableKey(element)) && outside.size < 5 && outside.add(element));
        const passes = outside.size === 0;
        return { passes, message: passes ? "every value is allowed" : `found values not allowed: ${[...outside].map(describeValue).join(", ")}`, diagnostics: { notAllowed: [...outside] } };
      });
    }
    case "allowNull":
      return make(argument ? "nulls allowed" : "no nulls", (value) => {
        const { nullCount, length } = summarize(value);
        const passes = argument === true || nullCount === 0;
        return { passes, message: `${nullCount} of ${length} values are null`, diagnostics: { nullCount, length } };
      });
    case "allowNaN":
      return make(argument ? "NaN allowed" : "no NaN or null", (value) => {
        const { nanCount, nullCount, length } = summarize(value);
        // As Hamilton's (a max_fraction_nans of 0), a null is missing like a NaN.
        const passes = argument === true || nanCount + nullCount === 0;
        const nulls = nullCount === 0 ? "" : ` (${nanCount} NaN, ${nullCount} null)`;
        return { passes, message: `${nanCount + nullCount} of ${length} values are NaN or null${nulls}`, diagnostics: { nanCount, nullCount, length } };
      });
    case "maxFractionNaN": {
      const limit = argument as number;
      return make(`at most ${limit} NaN or null`, (value) => {
        const { nanCount, nullCount, length } = summarize(value);
        const fraction = length === 0 ? 0 : (nanCount + nullCount) / length;
        const missing = nanCount + nullCount;
        return { passes: fraction <= limit, message: `${missing} of ${length} values are NaN or null (${(fraction * 100).toFixed(1)}%), at most ${limit * 100}% allowed`, diagnostics: { fraction, limit, missing, length } };
      });
    }
    case "meanInRange": {
      const [min, max] = argument as [number, number];
      return make(`mean in [${min}, ${max}]`, (value) => {
        const summary = summarize(value);
        if (summary.otherCount > 0) return notNumeric("meanInRange", summary);
        const { sum, numericCount } = summary;
        const mean = numericCount === 0 ? Number.NaN : sum / numericCount;
        const passes = mean >= min && mean <= max;
        return { passes, message: `mean is ${mean}, expected within [${min}, ${max}]`, diagnostics: { mean, range: [min, max] } };
      });
    }
    case "maxStandardDev": {
      const limit = argument as number;
      return make(`standard deviation at most ${limit}`, (value) => {
        const summary = summarize(value);
        if (summary.otherCount > 0) return notNumeric("maxStandardDev", summary);
        const { numericCount, sum } = summary;
        const mean = numericCount === 0 ? 0 : sum / numericCount;
        let squares = 0;
        forEachNumber(value, (n) => void (squares += (n - mean) ** 2));
        // pandas' std() divides by n - 1 and is NaN below two numbers, which no limit passes.
        const standardDev = numericCount < 2 ? Number.NaN : Math.sqrt(squares / (numericCount - 1));
        const passes = standardDev <= limit;
        const found = numericCount < 2 ? `${numericCount} ${numericCount === 1 ? "number" : "numbers"}: no standard deviation` : `standard deviation is ${standardDev}`;
        return { passes, message: `${found}, expected at most ${limit}`, diagnostics: { standardDev, limit, numbers: numericCount } };
      });
    }
    case "contains":
    case "doesNotContain": {
      const texts = ([] as string[]).concat(argument as string | string[]);
      const wanted = name === "contains";
      return make(`${wanted ? "contains" : "does not contain"} ${describeValues(texts)}`, (value) => {
        if (typeof value !== "string") {
          return { passes: false, message: `${name} checks a string, but the value is ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`, diagnostics: { type: summarize(value).typeName } };
        }
        const wrong = texts.filter((text) => value.includes(text) !== wanted);
        const passes = wrong.length === 0;
        const message = passes ? `${wanted ? "contains" : "contains none of"} ${describeValues(texts)}` : `${wanted ? "does not contain" : "contains"} ${describeValues(wrong)}`;
        return { passes, message, diagnostics: passes ? { [name]: texts } : { [name]: texts, failing: wrong, text: value.length < 100 ? value : value.slice(0, 100) } };
      });
    }
  }
}

/** A column, typed array or list, whose elements the checks read one by one; anything else is one value. */
function isCollection(value: unknown): boolean {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView)) || isArrowVectorLike(value);
}

/** How many numeric elements (bigints as numbers; nulls and NaN aside) satisfy `test`. */
function countElements(value: unknown, test: (n: number) => boolean): number {
  let count = 0;
  forEachNumber(value, (n) => void (test(n) && count++));
  return count;
}

/**
 * The checks that read a column's (or one value's) elements, which a table has none of.
 * @example COLUMN_CHECKS.includes("allowNaN"); // true
 */
export const COLUMN_CHECKS: readonly CheckName[] = ["range", "valuesIn", "allowNaN", "maxFractionNaN", "meanInRange", "maxStandardDev"];

function tableRefused(check: CheckName, table: { readonly numRows: number; readonly schema: { readonly fields: readonly { readonly name: string }[] } }): DataValidationResult {
  const columns = table.schema.fields.map((field) => field.name);
  return {
    passes: false,
    message: `${check} checks a column or a value, but the value is a table (${table.numRows} rows; columns ${columns.map((c) => JSON.stringify(c)).join(", ")}); check its columns: extractColumns(…) and a checkOutput on each`,
    diagnostics: { type: "table", columns },
  };
}

/** The failed result of a numeric check given values it cannot read as numbers. */
function notNumeric(check: CheckName, summary: ColumnSummary): DataValidationResult {
  return {
    passes: false,
    message: `${summary.otherCount} of ${summary.length} values are not numbers (the value is ${summary.typeName}); ${check} checks numbers`,
    diagnostics: { type: summary.typeName, notNumbers: summary.otherCount, length: summary.length },
  };
}

/**
 * The checks that read numbers only (Hamilton has no range or mean validator for text).
 * @example NUMERIC_CHECKS.includes("range"); // true
 */
export const NUMERIC_CHECKS: readonly CheckName[] = ["range", "meanInRange", "maxStandardDev"];

/**
 * The checks that read one string (Hamilton's `contains` / `does_not_contain` apply to `str` only).
 * @example TEXT_CHECKS.includes("contains"); // true
 */
export const TEXT_CHECKS: readonly CheckName[] = ["contains", "doesNotContain"];

/**
 * Integral numbers, bigints and booleans share a key: `0` and `0n` are the same value in a
 * column, and, as in Hamilton (pandas' `isin`, where `True == 1`), a Bool column's `true` is in
 * `[0, 1]`; `valuesIn: [true, false]` still reads as written.
 */
function comparableKey(value: unknown): unknown {
  if (typeof value === "bigint") return `int:${value}`;
  if (typeof value === "number" && Number.isInteger(value)) return `int:${value}`;
  if (typeof value === "boolean") return `int:${value ? 1 : 0}`;
  return value;
}

/** Values for a message: JSON where it can (strings quoted), bigints as `5n`; never throws. */
function describeValues(values: readonly unknown[]): string {
  return `[${values.map(describeValue).join(", ")}]`;
}

function describeValue(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value, (_, item: unknown) => (typeof item === "bigint" ? `${item}n` : item)) ?? String(value);
  } catch {
    return String(value);
  }
}
