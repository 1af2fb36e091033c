/**
 * The architecture, enforced: each top-level folder of src/ is one concept, folders form layers
 * that import downward only, and a folder is entered through its index.ts. `npm test` runs this
 * (npm run lint:architecture); docs/architecture.md draws the same layers.
 *
 * A folder may import folders of LOWER layers only (never its own layer's siblings, never above).
 * src/*.ts are the package's entry points (one per subpath export) and may import any folder.
 */
const LAYERS = [
  ["errors"],
  // files/ above errors/ (docs/architecture.md draws both as layer 0): a set's refusals are coded errors.
  ["files"],
  ["manifest", "columnar", "kernels"],
  ["graph", "results"],
  ["adapters"],
  ["io", "codec", "scanner"],
  ["decorators", "hooks", "typecheck", "materialize", "schema"],
  ["assembly", "cache", "executors"],
  ["driver"],
  ["serve", "graphology", "bullmq"],
  ["envelope", "explorer"],
  ["cli"],
];

const folder = (name) => `^src/${name}/`;
const layerRules = LAYERS.flatMap((layer, index) => {
  const notBelow = LAYERS.slice(index).flat();
  return layer.map((name) => ({
    name: `layer-${name}`,
    comment: `src/${name}/ is in layer ${index} (${layer.join(", ")}); it may import only the folders below it: ${LAYERS.slice(0, index).flat().join(", ") || "none"}.`,
    severity: "error",
    from: { path: folder(name) },
    to: { path: `^src/(${notBelow.filter((other) => other !== name).join("|")})/` },
  }));
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles",
      comment: "No import cycle may pass through more than one folder of src/.",
      severity: "error",
      from: { path: "^src/([^/]+)/" },
      to: { circular: true, viaSomeNot: "^src/$1/" },
    },
    ...layerRules,
    {
      name: "unknown-folder",
      comment: "Every folder of src/ belongs to a layer: add a new folder to LAYERS in .dependency-cruiser.cjs and to docs/architecture.md.",
      severity: "error",
      from: { path: "^src/[^/]+/", pathNot: `^src/(${LAYERS.flat().join("|")})/` },
      to: {},
    },
    {
      name: "through-index-only",
      comment: "Enter another folder through its index.ts (adapters/<library>/index.ts for a bridge), never a file inside it.",
      severity: "error",
      from: { path: "^src/((?:adapters/)?[^/]+)/" },
      to: {
        path: "^src/",
        pathNot: ["^src/$1/", "^src/(?!adapters/)[^/]+/index\\.ts$", "^src/adapters/[^/]+/index\\.ts$", "^src/[^/]+\\.ts$"],
      },
    },
    {
      name: "folders-not-entries",
      comment: "Folders never import the package entry files (src/*.ts); those only compose folders.",
      severity: "error",
      from: { path: "^src/[^/]+/" },
      to: { path: "^src/[^/]+\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^(src|node_modules)/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
