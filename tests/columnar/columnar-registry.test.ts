import { describe, expect, it } from "vitest";
import { createColumnarRegistry, type ColumnarAdapter } from "../../src/columnar/index.ts";

function fakeAdapter(name: string, frameTag: string): ColumnarAdapter<{ tag: string }, { column: string }> {
  return {
    name,
    isFrame: (value): value is { tag: string } => (value as { tag?: unknown })?.tag === frameTag,
    isColumn: (value): value is { column: string } => (value as { column?: unknown })?.column === frameTag,
    columnNames: () => [],
    getColumn: () => ({ column: frameTag }),
    frameLength: () => 0,
    columnLength: () => 0,
    buildFrame: () => ({ tag: frameTag }),
  };
}

describe("createColumnarRegistry", () => {
  it("createColumnarRegistry finds the adapter that owns a frame or a column", () => {
    const registry = createColumnarRegistry([fakeAdapter("one", "1"), fakeAdapter("two", "2")]);
    expect(registry.adapterForFrame({ tag: "2" })?.name).toBe("two");
    expect(registry.adapterForColumn({ column: "1" })?.name).toBe("one");
    expect(registry.adapterForFrame({ tag: "3" })).toBeUndefined();
  });

  it("createColumnarRegistry().with returns a new registry and leaves the old one unchanged", () => {
    const empty = createColumnarRegistry();
    const withOne = empty.with(fakeAdapter("one", "1"));
    expect(empty.adapters).toHaveLength(0);
    expect(withOne.adapters.map((adapter) => adapter.name)).toEqual(["one"]);
    expect(Object.isFrozen(withOne.adapters)).toBe(true);
  });

  it("createColumnarRegistry().with replaces an adapter of the same name", () => {
    const registry = createColumnarRegistry([fakeAdapter("one", "1"), fakeAdapter("two", "2")]).with(fakeAdapter("one", "9"));
    expect(registry.adapters.map((adapter) => adapter.name)).toEqual(["two", "one"]);
    expect(registry.adapterForFrame({ tag: "9" })?.name).toBe("one");
    expect(registry.adapterForFrame({ tag: "1" })).toBeUndefined();
  });
});
