/**
 * Temporaries of atomic writes never pile up: a failed write removes its own, and the next
 * write into a folder removes those whose writer is gone (a real child process killed with
 * SIGKILL mid-write), while a live writer's temporary is left alone.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/io/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "funcflow-stale-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

async function temporaries(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.endsWith(".tmp")).sort();
}

describe("stale temporaries", () => {
  it("a writer killed with SIGKILL mid-write leaves a temporary that the next write removes", async () => {
    const folder = await mkdtemp(join(dir, "killed-"));
    const target = join(folder, "big.bin");
    const child = fileURLToPath(new URL("../fixtures/store/atomic-write-child.ts", import.meta.url));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const running = spawn(process.execPath, ["--import", tsx, child, target], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    running.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => running.on("exit", (_, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      running.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("WRITING") && resolve());
      void exited.then(() => reject(new Error(`the child exited before writing: ${stderr}`)));
    });
    running.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(await temporaries(folder)).toEqual([expect.stringMatching(new RegExp(`^\\.big\\.bin\\.${running.pid}\\.[0-9a-f]{12}\\.tmp$`))]);

    await writeFileAtomic(join(folder, "other.txt"), "next");
    expect(await temporaries(folder)).toEqual([]);
    expect(await readdir(folder)).toEqual(["other.txt"]);
  }, 30_000);

  it("the next write removes temporaries of exited writers and keeps a live writer's", async () => {
    const folder = await mkdtemp(join(dir, "mixed-"));
    const dead = `.a.csv.${deadPid()}.0123456789ab.tmp`;
    const live = `.b.csv.${process.pid}.ba9876543210.tmp`;
    const notOurs = "notes.tmp";
    for (const name of [dead, live, notOurs]) await writeFile(join(folder, name), "partial");
    await writeFileAtomic(join(folder, "c.csv"), "x");
    expect((await readdir(folder)).sort()).toEqual([live, "c.csv", notOurs].sort());
  });

  it("a write that fails removes its own temporary", async () => {
    const folder = await mkdtemp(join(dir, "failing-"));
    async function* failing(): AsyncIterable<string> {
      yield "half";
      throw new Error("disk full");
    }
    await expect(writeFileAtomic(join(folder, "t.csv"), failing())).rejects.toMatchObject({ code: "io_failed" });
    expect(await readdir(folder)).toEqual([]);
    await expect(readFile(join(folder, "t.csv"))).rejects.toThrow();
  });
});
