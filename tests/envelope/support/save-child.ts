/** Child process: saves the hello-world pipeline `count` times (argv: registry, name, count) and prints the ids. */
import { saveEnvelope } from "../../../src/envelope.ts";

const [registry, name, count] = process.argv.slice(2);
const ids: string[] = [];
for (let index = 0; index < Number(count); index += 1) {
  const saved = await saveEnvelope({ name: name!, modules: ["examples/hello-world/transforms.ts"], outputs: ["spendPerSignup"], registry: registry!, sbom: false, tags: { child: String(process.pid) } });
  ids.push(`${saved.version}:${saved.id}`);
}
process.stdout.write(ids.join("\n"));
