// hash-wasm has no exports map; its per-algorithm builds are plain UMD files without their own types.
declare module "hash-wasm/dist/xxhash128.umd.min.js" {
  import type { IHasher } from "hash-wasm";
  const xxhash128: { createXXHash128(seedLow?: number, seedHigh?: number): Promise<IHasher> };
  export default xxhash128;
}
