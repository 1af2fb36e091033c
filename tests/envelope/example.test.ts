/** examples/envelope/model.ts: the closed-form fit recovers the weights the data was made with, and predicts with them. */
import { makeVector } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder } from "../../src/index.ts";

const model = new URL("../../examples/envelope/model.ts", import.meta.url);

describe("the envelope example's model", () => {
  it("fit finds intercept and weights of noiseless data; predictedRevenue applies them", async () => {
    const spend = new Float64Array([10, 20, 35, 50, 80, 95]);
    const visits = new Float64Array([400, 150, 900, 300, 620, 100]);
    const revenue = spend.map((value, index) => 50 + 3 * value + 0.2 * visits[index]!);
    const trainer = await new Builder().withModules(model).build();
    const { fit } = (await trainer.execute(["fit"], { inputs: { spend: makeVector(spend), visits: makeVector(visits), revenue: makeVector(revenue) } })) as { fit: { intercept: number; spendWeight: number; visitsWeight: number } };
    expect(fit.intercept).toBeCloseTo(50, 8);
    expect(fit.spendWeight).toBeCloseTo(3, 8);
    expect(fit.visitsWeight).toBeCloseTo(0.2, 8);
    const scorer = await new Builder().withModules(model).withConfig({ model: fit }).build();
    const { rmse } = (await scorer.execute(["rmse"], { inputs: { spend: makeVector(spend), visits: makeVector(visits), revenue: makeVector(revenue) } })) as { rmse: number };
    expect(rmse).toBeLessThan(1e-9);
  });
});
