/**
 * /docs in real headless Chromium (Debian `chromium`, driven by playwright-core): Swagger UI
 * renders every operation from the OpenAPI document, with assets from this server only. The
 * screenshot goes to the temp folder, or to docs/serve-swagger.png with UPDATE_SCREENSHOTS=1.
 */
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemBinary } from "../support/system-binary.ts";
import { startService, type TestService } from "./support/start-service.ts";

const executablePath = systemBinary("/usr/bin/chromium", "chromium");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe.skipIf(executablePath === undefined)("serve: /docs in headless Chromium", () => {
  let running: TestService;
  let browser: Browser;
  beforeAll(async () => {
    [running, browser] = await Promise.all([
      startService(new URL("../../examples/hello-world/transforms.ts", import.meta.url)),
      chromium.launch({ executablePath: executablePath!, args: ARGS }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.service.close();
  });

  it("shows every operation, loads nothing from another host, and is saved as a screenshot", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    const foreign: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(running.url) && !request.url().startsWith("data:")) foreign.push(request.url());
    });
    await page.goto(`${running.url}/docs`);
    await page.waitForSelector(".opblock-summary-path", { timeout: 20_000 });
    const paths = await page.$$eval(".opblock-summary-path", (elements) => elements.map((element) => element.getAttribute("data-path") ?? element.textContent?.trim()));
    expect(paths).toEqual(expect.arrayContaining(["/outputs/spendPerSignup", "/outputs/spendMean", "/execute", "/healthz", "/readyz"]));
    expect(await page.textContent(".info .title")).toContain("funcflow service");
    expect(await page.textContent("body")).toContain("Marketing spend per signup.");
    expect(foreign).toEqual([]);
    const path = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL("../../docs/serve-swagger.png", import.meta.url)) : join(tmpdir(), `funcflow-serve-swagger-${process.pid}.png`);
    await page.screenshot({ path, fullPage: false });
    expect(statSync(path).size).toBeGreaterThan(10_000);
  });
});
