/**
 * A function whose parameter has the function's own name (Hamilton's `@load_from.csv(…) def
 * sales(sales: pd.DataFrame)`): the self-read is what a modifier injects, or a cycle the graph
 * reports, never a build that dies on a TypeError because the modifier found no node to act on.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { FuncflowError } from "../../src/errors/index.ts";
import { buildSource, removeInlineModules } from "./support/build.ts";

const dir = mkdtempSync(join(tmpdir(), "funcflow-self-named-"));
const path = join(dir, "sales.csv");
writeFileSync(path, "id,amount\n1,2.5\n2,7\n");
afterAll(() => {
  removeInlineModules();
  rmSync(dir, { recursive: true, force: true });
});

describe("a parameter named as its own node", () => {
  it("loadFrom injects it: the node loads the file", async () => {
    const dr = await buildSource(`export const sales = ff.loadFrom({ path: ${JSON.stringify(path)} }, (sales: import("apache-arrow").Table) => sales);`);
    const { sales } = (await dr.execute(["sales"])) as { sales: Table };
    expect(sales.numRows).toBe(2);
  });

  it("under a modifier that injects nothing, the build fails with a coded error", async () => {
    const error = await buildSource(`export const total = ff.tag({ owner: "ops" }, (total: number): number => total + 1);`).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(FuncflowError);
  });
});
