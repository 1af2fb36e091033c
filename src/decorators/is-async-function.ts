/**
 * True for an `async` function. Functions a modifier brings in (a `does` replacement, a pipe
 * step) were never read by the scanner, so their run-time tag is all the graph can know of them;
 * a plain function that returns a promise still runs right (the executor awaits any result), it
 * is only listed as synchronous.
 */
export function isAsyncFunction(fn: unknown): boolean {
  // The tag, not `instanceof`, so async functions of another realm (a worker, vm) count too.
  return typeof fn === "function" && Object.prototype.toString.call(fn) === "[object AsyncFunction]";
}
