// Light on purpose (no piscina, apache-arrow only through dynamic imports): the cache imports
// the codec from here. `workerExecutor` is exported from `funcflow/workers` (src/workers.ts).
export type { NodeExecutor, NodeTask, ModuleAddress, BlockTask } from "./node-executor.ts";
export { inlineExecutor } from "./inline-executor.ts";
export { encodeValue, decodeValue, shareBuffers } from "./transfer-codec.ts";
export type { BufferMode, Encoded, EncodedMessage } from "./transfer-codec.ts";
