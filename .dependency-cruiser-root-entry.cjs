/**
 * The root entry (`funcflow`) must import fast: nothing heavy may load with it. Only static
 * imports count (heavy parts are loaded with `import()` when used), and type-only imports
 * vanish at compile time, so this cruise leaves both out.
 */
const HEAVY = ["ts-morph", "typescript", "apache-arrow", "danfojs-node", "@tensorflow", "piscina", "fastify", "@fastify", "bullmq", "ioredis", "graphology", "elkjs", "sigma", "esbuild", "playwright-core", "@hpcc-js", "@resvg", "parquet-wasm"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "root-entry-light",
      comment: `The root entry reaches no heavy package through static imports (${HEAVY.join(", ")}). Load it with import() where it is used, or export it from a subpath entry.`,
      severity: "error",
      from: { path: "^src/index\\.ts$" },
      to: { path: `^node_modules/(${HEAVY.join("|")})`, reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { dynamic: true },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
