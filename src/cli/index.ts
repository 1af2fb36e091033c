/** The command line: `funcflow build | list | validate | view | run | diff`, one file per command over the folders below. */
export { main } from "./main.ts";
