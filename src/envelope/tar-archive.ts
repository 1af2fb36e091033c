/** A minimal ustar writer and reader for regular files: enough to move an envelope as one .tgz. */

/** One file in an archive. */
export interface TarFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

const BLOCK = 512;

/**
 * The tar bytes of `files` (regular files only, paths up to 255 characters).
 * @throws Error for a longer path.
 */
export function writeTar(files: readonly TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(header(file.path, file.bytes.length));
    parts.push(Buffer.from(file.bytes));
    const padding = (BLOCK - (file.bytes.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/**
 * The regular files of tar bytes.
 * @throws Error for a damaged header (bad checksum, truncated data).
 */
export function readTar(bytes: Uint8Array): TarFile[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files: TarFile[] = [];
  for (let offset = 0; offset + BLOCK <= buffer.length; ) {
    const block = buffer.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    const stored = Number.parseInt(field(block, 148, 8), 8);
    if (stored !== checksum(block)) throw new Error(`tar header at byte ${offset} has a bad checksum`);
    const name = field(block, 0, 100);
    const prefix = field(block, 345, 155);
    const size = Number.parseInt(field(block, 124, 12), 8);
    const type = String.fromCharCode(block[156]!);
    const start = offset + BLOCK;
    if (start + size > buffer.length) throw new Error(`tar entry ${name} is truncated`);
    if (type === "0" || type === "\0") files.push({ path: prefix === "" ? name : `${prefix}/${name}`, bytes: buffer.subarray(start, start + size) });
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

function header(path: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let name = path;
  let prefix = "";
  if (Buffer.byteLength(path) > 100) {
    const cut = path.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) throw new Error(`${path}: too long for a tar header`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  block.write(name, 0, 100, "utf8");
  block.write("0000644\0", 100, 8, "ascii");
  block.write("0000000\0", 108, 8, "ascii");
  block.write("0000000\0", 116, 8, "ascii");
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124, 12, "ascii");
  block.write(`${"0".repeat(11)}\0`, 136, 12, "ascii");
  block.write("        ", 148, 8, "ascii");
  block.write("0", 156, 1, "ascii");
  block.write("ustar\0", 257, 6, "ascii");
  block.write("00", 263, 2, "ascii");
  block.write(prefix, 345, 155, "utf8");
  block.write(`${checksum(block).toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return block;
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1) sum += index >= 148 && index < 156 ? 32 : block[index]!;
  return sum;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString("utf8").trim();
}
