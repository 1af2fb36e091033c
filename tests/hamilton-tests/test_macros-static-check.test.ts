/**
 * Follows Hamilton's tests/function_modifiers/test_macros.py (test_mutate_global_kwargs, facts
 * only): an `apply_to` with no kwargs of its own takes `mutate`'s. The graph does so for
 * `applyTo(t)` and `applyTo(t, {})` alike (test_macros.test.ts); this file checks that the static
 * type check (`withTypeCheck()`) reads them the same way. Apart from test_macros.test.ts because
 * the check builds a TypeScript program (a few seconds).
 */
import { rmSync, writeFileSync } from "node:fs";
import { afterAll, expect, it } from "vitest";
import { Builder } from "funcflow";
import { caught } from "../decorators/support/build.ts";

const file = new URL(`../fixtures/hamilton-tests/.inline-static-check-${process.pid}.ts`, import.meta.url);
afterAll(() => rmSync(file, { force: true }));

it("the static type check reads an empty applyTo's bindings as mutate's: a string bound to a number parameter is a mismatch", async () => {
  writeFileSync(file, `import * as ff from "funcflow";\nexport function t(): number { return 1; }\nexport const addN = ff.mutate(ff.applyTo(t, {}), { n: ff.value("seventeen") }, (v: number, n: number): number => v + n);\n`);
  const error = await caught(new Builder().withModules(file).withManifestCache(false).withTypeCheck().build());
  expect(error.message).toContain(`ff.value("seventeen") → t.with_addN (addN)(n): the value does not fit the parameter`);
}, 30_000);
