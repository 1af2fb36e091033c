/**
 * Bridge for code written before the restructure (src/serve on the `serve` branch imports
 * `../suggest.ts`): did-you-mean helpers from the errors folder. Remove once it imports
 * `errors/index.ts`.
 */
export { suggestNames, didYouMean } from "./errors/index.ts";
