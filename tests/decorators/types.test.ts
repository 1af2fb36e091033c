/** Wrappers keep the wrapped function's type, so modules stay type-checked (checked by tsc). */
import { describe, expectTypeOf, it } from "vitest";
import {
  checkOutput,
  collect,
  does,
  extractFields,
  inject,
  mutate,
  parallelizable,
  parameterize,
  pipeInput,
  pipeOutput,
  resolve,
  schema,
  source,
  step,
  subdag,
  tag,
  value,
  type Collect,
} from "funcflow";

const scale = (x: number, factor: number): number => x * factor;
const add = (x: number, y: number): number => x + y;

describe("wrapper types", () => {
  it("every wrapper returns the wrapped function's exact type", () => {
    expectTypeOf(parameterize({ a: { factor: value(2) } }, scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(inject({ factor: source("f") }, scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(pipeInput(step(add, 1), scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(pipeOutput({ onOutput: "x" }, step(add, 1), scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(checkOutput({ range: [0, 1] }, scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(tag({ a: "b" }, { target: "*" }, scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(does(add, ["factor", "x"], scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(mutate(["x"], { factor: value(1) }, scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(schema({ a: "utf8" }, scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(subdag({ modules: ["./m.ts"] }, scale)).toEqualTypeOf<typeof scale>();
    expectTypeOf(resolve(["k"], (_config, fn) => tag({ a: "b" }, fn), scale)).toEqualTypeOf<typeof scale>();
    const split = (x: number) => ({ a: x, b: String(x) });
    expectTypeOf(extractFields(["a", "b"], split)).toEqualTypeOf<typeof split>();
    const items = (n: number): number[] => [n];
    expectTypeOf(parallelizable(items)).toEqualTypeOf<typeof items>();
    const gather = (values: Collect<number>): number => values.length;
    expectTypeOf(collect(gather)).toEqualTypeOf<typeof gather>();
  });

  it("rejects misuse the compiler can see", () => {
    // Never called: only the compiler reads these lines.
    const compileOnly = () => {
      // @ts-expect-error a step is not a function
      pipeOutput(add, scale);
      // @ts-expect-error bindings take dependency specs, not bare numbers
      inject({ factor: 2 }, scale);
      // @ts-expect-error the wrapped function must come last
      tag(scale, { a: "b" });
    };
    expectTypeOf(compileOnly).toBeFunction();
  });
});
