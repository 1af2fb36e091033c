/**
 * Finds one cycle among nodes Kahn's algorithm could not order, as a path that starts and
 * ends at the same node, so the error can show exactly which functions loop.
 */
export function findCycle(dependencies: readonly Int32Array[], stuck: ReadonlySet<number>): number[] {
  // Every stuck node has a stuck dependency, so walking dependencies must revisit a node.
  const [start] = stuck;
  if (start === undefined) return [];
  const positionOnWalk = new Map<number, number>();
  const walk: number[] = [];
  let current = start;
  while (!positionOnWalk.has(current)) {
    positionOnWalk.set(current, walk.length);
    walk.push(current);
    const next = Array.from(dependencies[current]!).find((dep) => stuck.has(dep));
    if (next === undefined) return [];
    current = next;
  }
  // The walk follows dependency edges (consumer → producer); report it in data-flow order.
  const cycle = walk.slice(positionOnWalk.get(current)!).reverse();
  return [...cycle, cycle[0]!];
}
