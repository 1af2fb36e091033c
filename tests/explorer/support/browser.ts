/**
 * Real headless Chromium (Debian `chromium`) driven by playwright-core, and helpers to open an
 * explorer page and collect its console errors.
 */
import { chromium, type Browser, type Page } from "playwright-core";
import { systemBinary } from "../../support/system-binary.ts";

export const CHROMIUM = systemBinary("/usr/bin/chromium", "chromium");

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM!, args: ARGS });
}

/** A page that records console errors and uncaught exceptions into `errors`. */
export async function openPage(browser: Browser, url: string, errors: string[], viewport = { width: 1400, height: 850 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => window.funcflowExplorer?.ready === true, null, { timeout: 60_000 });
  return page;
}
