// Headless Chromium (Debian's package, driven by playwright-core) for tests of the HTML report.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Flags for a closed network and a root user: no sandbox, no background connections. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions seen since the page loaded. */
  readonly errors: string[];
  close(): Promise<void>;
}

export async function openFile(path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<OpenedPage> {
  if (!CHROMIUM) throw new Error('chromium is not installed (apt-get install chromium)');
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  // a report must not reach the network: any request but the file itself is an error
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    errors.push(`network request: ${url}`);
    return route.abort();
  });
  await page.goto(`file://${path}`);
  return { page, errors, close: () => browser.close() };
}
