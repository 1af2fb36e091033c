/**
 * The walk every "what does this reach" question shares: a view's upstream and downstream
 * closures, a request's path, the column functions a `select` needs, a block's members.
 */

/**
 * Everything reachable from `start` by `next`, `start` included, each once (in the order first
 * reached). Iterative, so a chain of 100k nodes or a fan-in of 100k edges does not overflow.
 * @example reachable(["c"], (name) => ({ c: ["b"], b: ["a"], a: [] })[name]!); // Set { "c", "b", "a" }
 */
export function reachable<T>(start: Iterable<T>, next: (item: T) => Iterable<T>): Set<T> {
  const seen = new Set<T>();
  const stack = [...start];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (seen.has(item)) continue;
    seen.add(item);
    for (const following of next(item)) stack.push(following);
  }
  return seen;
}
