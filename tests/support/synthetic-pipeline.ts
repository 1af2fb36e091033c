/**
 * A large generated pipeline spread over several prebuilt modules: each node reads one to three
 * recent nodes (sometimes from an earlier module), so the graph is deep, wide and connected,
 * as real pipelines are. For explorer tests and benchmarks at 1k–100k nodes.
 */
import type { PrebuiltModule } from "../../src/index.ts";
import { syntheticModule, type SyntheticNode } from "./synthetic-module.ts";

/** `nodes` nodes in at most `modules` modules (`stage0.ts`, …; none left empty, which funcflow refuses), reading the input `raw`. Deterministic. */
export function syntheticPipeline(nodes: number, modules: number): PrebuiltModule[] {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const perModule = Math.ceil(nodes / modules);
  const result: PrebuiltModule[] = [];
  for (let m = 0; m < modules; m++) {
    const list: SyntheticNode[] = [];
    const first = m * perModule;
    const last = Math.min(nodes, first + perModule);
    for (let i = first; i < last; i++) {
      const picks = new Set<string>();
      const count = i === 0 ? 0 : 1 + Math.floor(random() * 3);
      for (let p = 0; p < count; p++) {
        // Mostly recent nodes of this module; now and then one from anywhere before.
        const local = i - first;
        const from = local > 0 && random() < 0.9 ? first + Math.max(0, local - 1 - Math.floor(random() * Math.min(local, 40))) : Math.floor(random() * i);
        picks.add(`n${from}`);
      }
      if (picks.size === 0) picks.add("raw");
      const params = [...picks].map((name) => ({ name }));
      const fn = Object.defineProperty((...args: number[]) => args.reduce((sum, value) => sum + value, 0), "length", { value: params.length });
      list.push({ name: `n${i}`, params, fn: fn as SyntheticNode["fn"] });
    }
    if (list.length > 0) result.push(syntheticModule(list, `stage${m}.ts`));
  }
  return result;
}
