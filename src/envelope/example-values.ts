/**
 * Example values stored with an envelope: a column or a table as Arrow IPC (one file per value,
 * so columns of different lengths and scalars live side by side), anything else as JSON.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Table, Vector, makeVector, tableFromIPC, tableToIPC, vectorFromArray } from "apache-arrow";
import { FuncflowError } from "../errors/index.ts";
import type { ExampleFile } from "./envelope-format.ts";

/**
 * Writes `values` under `dir/<group>/`, one file per value.
 * @throws FuncflowError `envelope_invalid` naming a value that is neither a column, a table nor JSON.
 */
export async function writeExampleValues(dir: string, group: "inputs" | "outputs", values: Readonly<Record<string, unknown>>): Promise<Record<string, ExampleFile>> {
  const files: Record<string, ExampleFile> = {};
  for (const [name, value] of Object.entries(values)) {
    const stored = encode(name, value, group);
    const file = `${group}/${encodeURIComponent(name)}.${stored.kind === "json" ? "json" : "arrow"}`;
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), stored.bytes);
    files[name] = { file, kind: stored.kind };
  }
  return files;
}

/** Reads example values back as the pipeline takes them (columns as Arrow vectors). */
export async function readExampleValues(dir: string, files: Readonly<Record<string, ExampleFile>>): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const [name, { file, kind }] of Object.entries(files)) {
    const bytes = await readFile(join(dir, file));
    if (kind === "json") values[name] = JSON.parse(bytes.toString("utf8"));
    else {
      const table = tableFromIPC(bytes);
      values[name] = kind === "table" ? table : table.getChildAt(0);
    }
  }
  return values;
}

function encode(name: string, value: unknown, group: string): { kind: ExampleFile["kind"]; bytes: Uint8Array | string } {
  if (value instanceof Table) return { kind: "table", bytes: tableToIPC(value, "file") };
  const column = asVector(value);
  if (column !== undefined) return { kind: "column", bytes: tableToIPC(new Table({ [name]: column }), "file") };
  try {
    const text = JSON.stringify(value, (_key, entry: unknown) => (typeof entry === "bigint" ? entry.toString() : entry));
    if (text !== undefined) return { kind: "json", bytes: text };
  } catch {
    // described below
  }
  throw new FuncflowError("envelope_invalid", `saveEnvelope: the example ${group === "inputs" ? "input" : "output"} "${name}" is neither a column, a table nor JSON. Give Arrow vectors, typed arrays, arrays or JSON values.`, {
    ...(group === "inputs" ? { input: name } : { node: name }),
  });
}

function asVector(value: unknown): Vector | undefined {
  if (value instanceof Vector) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return makeVector(value as Float64Array);
  if (Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === "number" || entry === null)) return vectorFromArray(value);
  if (Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === "string" || entry === null)) return vectorFromArray(value);
  return undefined;
}
