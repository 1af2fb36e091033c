/**
 * `funcflow list`, the typings `funcflow build` writes and `typed<Pipeline>()` agree on the type
 * of every node: on examples/modifiers-tour, the data-quality fixture, and generated modules of
 * random modifier stacks over small typed functions.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { disagreements, removeProbe, writeProbe } from "./support/type-agreement.ts";

const tour = fileURLToPath(new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url));
const dataQuality = fileURLToPath(new URL("../fixtures/typecheck/data-quality.ts", import.meta.url));

describe("list, typings and typed execute agree", () => {
  it("on every node of modifiers-tour and of the data-quality fixture", async () => {
    const probes = [
      await writeProbe(tour, ["currency=EUR", "growth=0.05", "horizons=[3,12]"]),
      await writeProbe(dataQuality, ["scale=mean"]),
    ];
    try {
      const { found } = disagreements(probes);
      expect(found).toEqual([[], []]);
    } finally {
      await Promise.all(probes.map(removeProbe));
    }
  }, 60_000);
});
