/**
 * Limits a drawing to the nodes within N hops of chosen ones, for DAGs too large to read
 * whole. The hop set is computed on the Driver's graph; the DOT text `Driver.toDot()` writes
 * is then filtered line by line, relying on its layout: one statement per line, node
 * statements starting with the quoted name, edges as `"a" -> "b"`, clusters as
 * `subgraph … {` … `}`. (A node filter in `toDot` itself would make this filter unnecessary.)
 */
import type { Driver } from "../../driver/index.ts";
import { viewDependencyNames } from "../../graph/index.ts";

/**
 * The names within `hops` edges (either direction) of `centers`, the centers included.
 * @throws FuncflowError `unknown_node` for a center no node has.
 * @example neighborhood(driver, ["spendMean"], 1); // spendMean, spend, spendZeroMean
 */
export function neighborhood(driver: Driver, centers: readonly string[], hops: number): Set<string> {
  const reached = new Set<string>();
  let frontier = centers.map((name) => driver.node(name).name);
  for (const name of frontier) reached.add(name);
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const name of frontier) {
      const node = driver.node(name);
      for (const neighbor of [...viewDependencyNames(node), ...node.dependents]) {
        if (!reached.has(neighbor)) {
          reached.add(neighbor);
          next.push(neighbor);
        }
      }
    }
    frontier = next;
  }
  return reached;
}

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
const EDGE = new RegExp(String.raw`^\s*(${QUOTED})\s*->\s*(${QUOTED})`);
const NODE = new RegExp(String.raw`^\s*(${QUOTED})\s*(\[|;|$)`);

/**
 * `dot` with only the nodes in `keep` (and the edges between them); the legend stays, and a
 * cluster left empty is dropped.
 * @example keepNodes(driver.toDot(), neighborhood(driver, ["spendMean"], 1));
 */
export function keepNodes(dot: string, keep: ReadonlySet<string>): string {
  const kept: string[] = [];
  // Clusters are buffered until their end, so an emptied one can be dropped whole.
  let cluster: { lines: string[]; members: number } | undefined;
  for (const line of dot.split("\n")) {
    const edge = EDGE.exec(line);
    const node = edge === null ? NODE.exec(line) : null;
    const name = node === null ? undefined : (JSON.parse(node[1]!) as string);
    if (edge !== null && !(keep.has(JSON.parse(edge[1]!) as string) && keep.has(JSON.parse(edge[2]!) as string))) continue;
    if (name !== undefined && !name.startsWith("legend:") && !keep.has(name)) continue;
    if (/^\s*subgraph\b.*\{\s*$/.test(line)) {
      cluster = { lines: [line], members: 0 };
      continue;
    }
    if (cluster !== undefined) {
      cluster.lines.push(line);
      if (name !== undefined) cluster.members++;
      if (/^\s*\}\s*$/.test(line)) {
        if (cluster.members > 0) kept.push(...cluster.lines);
        cluster = undefined;
      }
      continue;
    }
    kept.push(line);
  }
  return kept.join("\n");
}
