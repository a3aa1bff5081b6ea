import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; no browser is ever downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = resolve(__dirname, '..', '..', '..', 'test-results', 'browser');

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const LAPTOP = { width: 1366, height: 900 };
export const TABLET = { width: 820, height: 1180 };

/** A fresh browser context (its own session storage), signed in through the development sign-in. */
export async function signedIn(
  browser: Browser,
  origin: string,
  sub: string,
  viewport = LAPTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${origin}/`);
  await page.locator(`button[data-sub="${sub}"]`).click();
  await page.getByTestId('who').waitFor();
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the case page shows this revision and is ready again. */
export async function atRevision(page: Page, revision: number): Promise<void> {
  try {
    await page.locator(`.case-page[data-revision="${revision}"][data-phase="ready"]`).waitFor();
  } catch (error) {
    // say what the page shows instead: an error, the server's problems, another revision
    const shown = await page
      .locator('[role="alert"], .case-page')
      .evaluateAll((els) =>
        els.map(
          (e) =>
            `${e.getAttribute('data-phase') ?? ''} ${e.getAttribute('data-revision') ?? ''} ${(e.textContent ?? '').slice(0, 300)}`,
        ),
      );
    await screenshot(page, `failed-at-revision-${revision}`);
    throw new Error(`${(error as Error).message}\nThe page shows:\n${shown.join('\n')}`, { cause: error });
  }
}

export async function caseState(page: Page): Promise<string> {
  return (await page.getByTestId('case-state').textContent()) ?? '';
}

/** Opens an event's form, lets `fill` complete it, and sends it. */
export async function sendEvent(
  page: Page,
  type: string,
  fill?: (form: ReturnType<Page['locator']>) => Promise<unknown>,
): Promise<void> {
  await page.locator(`button[data-event="${type}"]`).click();
  const form = page.locator(`form[data-event-form="${type}"]`);
  await form.waitFor();
  if (fill) await fill(form);
  await form.locator('button[type="submit"]').click();
}
