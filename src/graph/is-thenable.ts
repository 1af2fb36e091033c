/**
 * True for a promise or any object with a `then` method: what the engine must await. Checked
 * instead of always awaiting, so synchronous nodes and hooks never wait for a microtask.
 * @example if (isThenable(result)) result = await result;
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}
