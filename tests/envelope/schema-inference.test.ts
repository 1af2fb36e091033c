/** Where a type is opaque (an untyped Table), the envelope's schema comes from the example value. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector, Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { loadEnvelope, saveEnvelope } from "../../src/envelope.ts";
import { repo } from "./support/child.ts";

let sandbox: string | undefined;
afterAll(async () => {
  if (sandbox !== undefined) await rm(sandbox, { recursive: true, force: true });
});

describe("saveEnvelope with an opaque input type", () => {
  it("infers the input's schema from the example and keeps the typed output's from the code", async () => {
    sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-infer-"));
    const registry = join(sandbox, "registry");
    const data = new Table({ price: makeVector(new Float64Array([1.5, 2])), units: makeVector(new Int32Array([3, 4])) });
    await saveEnvelope({ name: "counts", modules: [join(repo, "tests/envelope/fixtures/untyped-table.ts")], outputs: ["rowCount"], exampleInputs: { data }, registry, root: repo, sbom: false });
    const envelope = await loadEnvelope("counts@1", { registry });
    expect(envelope.schema.inputs.data).toMatchObject({
      from: "example",
      required: true,
      schema: { type: "object", properties: { price: { "x-arrow-type": "Float64" }, units: { "x-arrow-type": "Int32" } }, "x-arrow-type": "Table" },
    });
    expect(envelope.schema.outputs.rowCount).toMatchObject({ from: "code", schema: { type: "number" }, inputs: ["data"] });
    const { inputs, outputs } = await envelope.examples();
    expect((inputs.data as Table).numRows).toBe(2);
    expect(outputs).toEqual({ rowCount: 2 });
    expect(await envelope.execute({ data })).toEqual({ rowCount: 2 });
  }, 120_000);
});
