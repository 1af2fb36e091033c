import { readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { diskStore, nodeFileOps, SEAL_DELAY_MS } from "../../src/cache/cache-store.ts";
import { CorruptEntry, frameEntry, unframeEntry } from "../../src/cache/cache-entry.ts";
import { removeScratchFolders, scratchFolder } from "./cache-fixture.ts";

afterAll(removeScratchFolders);

const KEY = "k1";
const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

/** A disk store in a new folder, with one entry for node "n" written and sealed. */
async function storeWithEntry() {
  const dir = scratchFolder();
  const store = diskStore(dir);
  await store.write("n", KEY, bytes);
  return { store, entry: join(dir, "n", `${KEY}.entry`), seal: join(dir, "n", `${KEY}.seal`) };
}

describe("diskStore: seals", () => {
  it("read returns an entry as untouched while its file is the one the store wrote", async () => {
    const { store } = await storeWithEntry();
    const entry = await store.read("n", KEY);
    expect(entry).toEqual({ bytes: Buffer.from(bytes), untouched: true });
    expect(await store.read("n", KEY)).toMatchObject({ untouched: true }); // reading does not unseal
  });

  it("read says touched after the file is rewritten with the same bytes and its times set back", async () => {
    const { store, entry } = await storeWithEntry();
    const { atime, mtime } = statSync(entry);
    await sleep(SEAL_DELAY_MS);
    writeFileSync(entry, bytes);
    utimesSync(entry, atime, mtime); // mtime restored; the change time cannot be
    expect(await store.read("n", KEY)).toEqual({ bytes: Buffer.from(bytes), untouched: false });
  });

  it("read says touched right after the store's write returns, when the file is damaged at once", async () => {
    // The seal is taken after the clock moved past the write, so an immediate change still shows.
    const { store, entry } = await storeWithEntry();
    const damaged = Buffer.from(bytes);
    damaged[0] = 9;
    writeFileSync(entry, damaged);
    expect(await store.read("n", KEY)).toMatchObject({ untouched: false });
  });

  it("read says touched for a file put in place by someone else, or when the seal is missing or garbled", async () => {
    const { store, entry, seal } = await storeWithEntry();
    writeFileSync(`${entry}.copy`, readFileSync(entry));
    renameSync(`${entry}.copy`, entry); // same bytes, another inode
    expect(await store.read("n", KEY)).toMatchObject({ untouched: false });

    const other = await storeWithEntry();
    rmSync(other.seal);
    expect(await other.store.read("n", KEY)).toMatchObject({ untouched: false });
    writeFileSync(other.seal, "not a seal");
    expect(await other.store.read("n", KEY)).toMatchObject({ untouched: false });
    expect(seal).not.toBe(other.seal);
  });

  it("write leaves no seal when the entry changed while the seal was being taken", async () => {
    const dir = scratchFolder();
    let calls = 0;
    // The second look at the entry (after the delay) sees another file.
    const store = diskStore(dir, { ...nodeFileOps, identify: async (path) => `${(await nodeFileOps.identify(path))!}${calls++ === 0 ? "" : ":changed"}` });
    await store.write("n", KEY, bytes);
    expect(await store.read("n", KEY)).toMatchObject({ untouched: false });
  });

  it("write leaves no seal on a file system with whole-second times", async () => {
    const dir = scratchFolder();
    const coarse = (identity: string | undefined) => identity?.replace(/:\d+:\d+$/, ":1700000000000000000:1700000000000000000");
    const store = diskStore(dir, {
      ...nodeFileOps,
      identify: async (path) => coarse(await nodeFileOps.identify(path)),
      readFile: async (path) => {
        const contents = await nodeFileOps.readFile(path);
        return { ...contents, identity: coarse(contents.identity)! };
      },
    });
    await store.write("n", KEY, bytes);
    expect(await store.read("n", KEY)).toMatchObject({ untouched: false });
  });
});

describe("unframeEntry", () => {
  const framed = () => frameEntry("n", KEY, { format: "json" }, new TextEncoder().encode("[1,2]"));

  it("checks the payload's checksum unless the store vouches the bytes are untouched", () => {
    const altered = framed();
    altered[altered.byteLength - 2] = "3".charCodeAt(0);
    expect(() => unframeEntry(altered, KEY)).toThrow(CorruptEntry);
    expect(() => unframeEntry(altered, KEY)).toThrow("does not match its checksum");
    expect(new TextDecoder().decode(unframeEntry(altered, KEY, true).payload)).toBe("[1,3]");
  });

  it("checks the marker, key and length even for untouched bytes", () => {
    expect(() => unframeEntry(framed(), "other", true)).toThrow("it holds key k1, not other");
    expect(() => unframeEntry(framed().subarray(0, -1), KEY, true)).toThrow("truncated");
    expect(() => unframeEntry(new TextEncoder().encode("garbage"), KEY, true)).toThrow("marker");
  });
});

describe("diskStore: its folder argument", () => {
  it("refuses anything but a non-empty path with invalid_argument naming diskStore and dir, as the root entry exports it", async () => {
    const { diskStore: rootDiskStore, FuncflowError } = await import("funcflow");
    expect(rootDiskStore).toBe(diskStore);
    for (const bad of [123, "", undefined, { dir: "x" }]) {
      let error: unknown;
      try {
        diskStore(bad as never);
      } catch (caught) {
        error = caught;
      }
      expect(error, String(bad)).toBeInstanceOf(FuncflowError);
      expect((error as InstanceType<typeof FuncflowError>).code).toBe("invalid_argument");
      expect((error as Error).message).toContain("diskStore");
      expect((error as Error).message).toContain("dir");
    }
  });
});
