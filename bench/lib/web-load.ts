/*
 * Cold loads of a workbench page in Debian's Chromium (playwright-core, never a downloaded browser):
 * each load in a new browser context (empty cache, empty session storage), timed inside the page
 * from navigation start to the frame after the page's "usable" selectors are all in the DOM.
 */
import type { Browser } from 'playwright-core';

export interface LoadTiming {
  /** navigation start → the first frame after every selector matched, ms (the page's own clock). */
  usableMs: number;
  /** navigation start → DOMContentLoaded, ms. */
  domContentLoadedMs: number;
  /** Script files fetched (.js), transferred bytes (headers + encoded body) and decoded bytes. */
  scripts: number;
  scriptTransferBytes: number;
  scriptDecodedBytes: number;
  /** Every resource and the document, transferred bytes. */
  allTransferBytes: number;
}

export interface LoadOptions {
  url: string;
  /** All must match for the page to count as usable. */
  selectors: string[];
  /** Put into sessionStorage under `key` before the app's scripts run. */
  session?: { key: string; value: string };
  /** CDP Emulation.setCPUThrottlingRate (1 = none). */
  cpuRate: number;
  timeoutMs?: number;
}

/*
 * Runs in the page before its own scripts: watches the DOM; once every selector matches, the next
 * animation frame plus a task (the frame has been painted) is "usable". Plain JavaScript in a string
 * (the bench compiles without the DOM library); an init script is not subject to the page's CSP.
 */
function probeScript(selectors: string[], session?: { key: string; value: string }): string {
  return `(() => {
  ${session ? `sessionStorage.setItem(${JSON.stringify(session.key)}, ${JSON.stringify(session.value)});` : ''}
  const selectors = ${JSON.stringify(selectors)};
  let seen = false;
  const check = () => {
    if (seen || !selectors.every((s) => document.querySelector(s))) return;
    seen = true;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__benchUsableAt = performance.now(); }, 0));
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;
}

/** The fields of the page's performance entries read here (the bench compiles without the DOM library). */
interface Entry {
  name: string;
  transferSize?: number;
  decodedBodySize?: number;
  domContentLoadedEventEnd?: number;
}

/** What the page measured about itself; runs in the page (a function: the page's CSP forbids eval). */
function readFigures(): LoadTiming {
  const perf = performance as unknown as { getEntriesByType(type: string): Entry[] };
  const nav = perf.getEntriesByType('navigation')[0];
  const resources = perf.getEntriesByType('resource');
  const scripts = resources.filter((r) => /\.m?js$/.test(new URL(r.name).pathname));
  const sum = (xs: Entry[], k: 'transferSize' | 'decodedBodySize') => xs.reduce((n, r) => n + (r[k] ?? 0), 0);
  return {
    usableMs: (globalThis as { __benchUsableAt?: number }).__benchUsableAt ?? NaN,
    domContentLoadedMs: nav?.domContentLoadedEventEnd ?? NaN,
    scripts: scripts.length,
    scriptTransferBytes: sum(scripts, 'transferSize'),
    scriptDecodedBytes: sum(scripts, 'decodedBodySize'),
    allTransferBytes: sum(resources, 'transferSize') + (nav?.transferSize ?? 0),
  };
}

export async function coldLoad(browser: Browser, options: LoadOptions): Promise<LoadTiming> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Asia/Shanghai',
  });
  try {
    await context.addInitScript({ content: probeScript(options.selectors, options.session) });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (options.cpuRate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuRate });
    const timeout = options.timeoutMs ?? 30_000;
    await page.goto(options.url, { waitUntil: 'commit', timeout });
    try {
      await page.waitForFunction(
        () => typeof (globalThis as { __benchUsableAt?: number }).__benchUsableAt === 'number',
        undefined,
        { timeout, polling: 50 },
      );
    } catch (error) {
      const shown = await page
        .locator('body')
        .innerText()
        .catch(() => '');
      throw new Error(
        `${options.url} did not become usable (${options.selectors.join(', ')}): ${(error as Error).message}\n` +
          `The page shows: ${shown.slice(0, 500)}`,
        { cause: error },
      );
    }
    // The lazy parts the page may still fetch do not count; the figures are what was fetched so far.
    return await page.evaluate(readFigures);
  } finally {
    await context.close();
  }
}
