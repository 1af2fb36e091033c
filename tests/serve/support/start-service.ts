/** Starts a real service on a free loopback port for a fixture module, and posts to it. */
import { Builder, type Driver } from "funcflow";
import { serve, type RunningService, type ServeOptions } from "funcflow/serve";

export interface TestService {
  readonly driver: Driver;
  readonly service: RunningService;
  readonly url: string;
}

export async function startService(module: URL, options: ServeOptions = {}, config: Record<string, unknown> = {}): Promise<TestService> {
  const driver = await new Builder().withModules(module).withConfig(config).build();
  const service = await serve(driver, { port: 0, logLevel: false, ...options });
  return { driver, service, url: service.url };
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** POSTs `body` (JSON-encoded unless it is a string or bytes) and reads the reply as JSON when it is. */
export async function post(url: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }): Promise<Reply> {
  const payload = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
  const response = await fetch(url, { method: "POST", headers, body: payload as string });
  const type = response.headers.get("content-type") ?? "";
  const parsed = type.includes("json") ? await response.json() : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, body: parsed, headers: response.headers };
}
