/** Errors: the one coded error class every module throws, and did-you-mean suggestions for unknown names. */
export { FuncflowError, isFuncflowError, listNames } from "./funcflow-error.ts";
export type { FuncflowErrorCode, FuncflowErrorFields } from "./funcflow-error.ts";
export { suggestNames, didYouMean, extendsByWords } from "./suggest.ts";
export { describeArgument, isModuleNamespace, isPlainRecord, invalidArgument, requirePlainRecord, requireOptionalRecord, requireKnownRecord, requireOptions, requireMap, requireOptionalMap, requireName, requireNameList, requireOptionalBoolean, rejectUnknownKeys, unknownKeysProblem, optionKeys, pickKeys, requirePath, requireOptionalPath, requireString, requireArray, requireObject, requireObjectWith, requireNodeList } from "./argument-checks.ts";
