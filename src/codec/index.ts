/** The value codec: any pipeline value (JSON data, typed arrays, Arrow vectors and tables) to transferable bytes and back. */
export { encodeValue, decodeValue, shareBuffers } from "./transfer-codec.ts";
export type { BufferMode, Encoded, EncodedMessage } from "./transfer-codec.ts";
export { arrowIfLoaded, loadArrow } from "./load-arrow.ts";
export type { Arrow } from "./load-arrow.ts";
