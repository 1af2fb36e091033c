/**
 * `funcflow list <modules...>`: every node with its kind, type, tags, doc and where it is
 * defined, as a table or (`--json`) as data.
 */
import { relative } from "node:path";
import { Option, type Command } from "commander";
import type { NodeInfo } from "../../graph/index.ts";
import { configFrom, listOption, withConfigOptions, type SharedOptions } from "../support/common-options.ts";
import { formatTable } from "../support/format-table.ts";
import { loadDriver } from "../support/load-driver.ts";
import { describeNodeCount } from "../support/node-count.ts";
import { collectPairs } from "../support/parse-options.ts";

interface ListOptions extends Pick<SharedOptions, "config" | "set"> {
  readonly tag: readonly (readonly [string, string])[];
  readonly kind?: string;
  readonly json?: boolean;
}

const KINDS = ["function", "input", "config"];

/**
 * Adds `list` to `program`.
 * @example registerList(new Command("funcflow"));
 */
export function registerList(program: Command): void {
  const command = program
    .command("list")
    .description("list every node: kind, type, tags, doc and where it is defined")
    .argument("<modules...>", "the pipeline's module files")
    .addOption(new Option("--kind <kind>", "only nodes of this kind").choices(KINDS))
    .option("--json", "print the nodes as JSON");
  listOption(command, "--tag <key=value>", "only nodes with this tag value (repeatable: every key must match; key=* for any value)", collectPairs);
  withConfigOptions(command);
  command.addHelpText(
    "after",
    `
Example:
  $ funcflow list examples/hello-world/transforms.ts
  $ funcflow list src/transforms.ts --tag owner=data --json`,
  );
  command.action(async (modules: string[], options: ListOptions) => {
    const driver = await loadDriver(modules, await configFrom(options));
    const tags = Object.fromEntries(options.tag.map(([key, value]) => [key, value === "*" ? null : value]));
    const nodes = driver.listNodes(options.tag.length > 0 ? { tags } : {}).filter((node) => options.kind === undefined || node.kind === options.kind);
    process.stdout.write(options.json ? `${JSON.stringify(nodes.map(toJson), null, 2)}\n` : `${describe(nodes)}\n`);
  });
}

function describe(nodes: readonly NodeInfo[]): string {
  const rows = nodes.map((node) => [
    node.name,
    node.kind,
    node.type,
    // The `module` tag repeats the "defined at" column, so the table leaves it out.
    Object.entries(node.tags).filter(([key]) => key !== "module").map(([key, value]) => `${key}=${([] as string[]).concat(value).join("|")}`).join(" "),
    node.doc ?? (node.kind === "input" ? `input of ${node.dependents.join(", ")}` : ""),
    node.source === undefined ? "" : `${relative(process.cwd(), node.source.module) || node.source.module}:${node.source.line}`,
  ]);
  return `${formatTable(["node", "kind", "type", "tags", "doc", "defined at"], rows)}\n${describeNodeCount(nodes)}`;
}

/** The parts of a node a script needs, as plain JSON. */
function toJson(node: NodeInfo) {
  return {
    name: node.name,
    kind: node.kind,
    type: node.type,
    doc: node.doc ?? null,
    tags: node.tags,
    dependencies: node.dependencies.map(({ name, type, optional }) => ({ name, type, optional })),
    dependents: node.dependents,
    isAsync: node.isAsync,
    source: node.source ?? null,
    condition: node.condition ?? null,
    // What the cache keys the node on (null for inputs and config keys, as Hamilton's None).
    version: node.version ?? null,
  };
}
