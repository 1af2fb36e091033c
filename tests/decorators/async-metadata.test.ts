/**
 * Functions a modifier brings in (a `does` replacement, a pipe step, a `mutate` transform) make
 * nodes whose `isAsync` follows that function, not the declaration it stands for.
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const source = `
const sumAsync = async (a: number, b: number) => a + b;
const sumSync = (a: number, b: number) => a + b;
const addAsync = async (x: number, y: number) => x + y;
const addSync = (x: number, y: number) => x + y;
export const doesAsync = ff.does(sumAsync, (a: number, b: number): number => 0);
export const doesSync = ff.does(sumSync, (a: number, b: number): number => 0);
export const inputAsync = ff.pipeInput(ff.step(addAsync, ff.value(1)), (a: number): number => a);
export const inputSync = ff.pipeInput(ff.step(addSync, ff.value(1)), (a: number): number => a);
export const outputAsync = ff.pipeOutput(ff.step(addAsync, ff.value(1)), (b: number): number => b);
export const outputSync = ff.pipeOutput(ff.step(addSync, ff.value(1)), (b: number): number => b);
export function mutated(a: number): number { return a; }
export function mutatedSync(a: number): number { return a; }
// Not \`async\`: only its declared Promise return tells the scanner.
export const doubled = ff.mutate(mutated, (x: number): Promise<number> => Promise.resolve(x * 2));
export const tripled = ff.mutate(mutatedSync, (x: number): number => x * 3);
`;

const dr = await buildSource(source);

describe("isAsync of nodes made from a modifier's function", () => {
  it.each([
    { form: "does", node: "doesAsync", isAsync: true },
    { form: "does (sync)", node: "doesSync", isAsync: false },
    { form: "pipeInput step", node: "inputAsync.with_addAsync", isAsync: true },
    { form: "pipeInput step (sync)", node: "inputSync.with_addSync", isAsync: false },
    { form: "pipeOutput step", node: "outputAsync.with_addAsync", isAsync: true },
    { form: "pipeOutput step (sync)", node: "outputSync.with_addSync", isAsync: false },
    { form: "mutate transform", node: "mutated.with_doubled", isAsync: true },
    { form: "mutate transform (sync)", node: "mutatedSync.with_tripled", isAsync: false },
  ])("$form: $node has isAsync $isAsync", ({ node, isAsync }) => {
    expect(dr.listNodes().find((info) => info.name === node)?.isAsync).toBe(isAsync);
  });

  it("still runs them", async () => {
    expect(await dr.execute(["doesAsync", "inputAsync", "outputAsync", "mutated"], { inputs: { a: 2, b: 3 } })).toEqual({ doesAsync: 5, inputAsync: 3, outputAsync: 4, mutated: 4 });
  });
});
