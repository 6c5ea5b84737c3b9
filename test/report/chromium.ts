/**
 * Opens a report in headless Chromium (Debian's `chromium` package, driven by playwright-core) and
 * records everything a reader's browser would complain about: console errors, page errors, dialogs
 * (an injected `alert`), and any request other than the file itself (the report must need no network).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env['DOPPEL_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Browser tests run wherever Chromium is installed (`apt-get install -y chromium`); in CI its absence
 * is a failure, elsewhere the tests are skipped with a notice.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env['CI'])
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with apt-get install -y chromium`);
  console.warn(`skipping browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  return false;
}

export interface OpenedReport {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly dialogs: string[];
  readonly requests: string[];
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Loads `file` in a fresh Chromium profile, 1280 px wide, and waits for the load event. */
export async function openReport(file: string): Promise<OpenedReport> {
  const profile = mkdtempSync(join(tmpdir(), 'doppel-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const opened: OpenedReport = {
    context,
    page,
    consoleErrors: [],
    pageErrors: [],
    dialogs: [],
    requests: [],
  };
  const url = pathToFileURL(file).href;
  page.on('console', (message) => {
    if (message.type() === 'error') opened.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (request.url() !== url) opened.requests.push(request.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}
