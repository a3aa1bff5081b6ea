import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; no browser is ever downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = resolve(__dirname, '..', '..', '..', 'test-results', 'browser');

// Checked on import, before a suite starts its service: a launch failing later would leave it running.
if (!existsSync(CHROMIUM)) {
  throw new Error(
    `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
  );
}

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

/** The bits of the DOM the diagram check reads (the tests compile without the DOM library). */
interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface El {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
  getScreenCTM?(): { a: number; b: number; c: number; d: number; e: number; f: number } | null;
  getTotalLength?(): number;
  getPointAtLength?(at: number): { x: number; y: number };
}

/**
 * Where the procedure diagram draws an edge through a state's box: each edge's path is sampled
 * every few pixels on screen and tested against the boxes of the states other than its ends and
 * the compound states holding them. Also how many edges bend (ELK's orthogonal routes).
 */
export async function diagramEdgeCrossings(
  page: Page,
): Promise<{ edges: number; bent: number; crossings: string[] }> {
  const diagram = page.getByTestId('diagram');
  await diagram.locator('.react-flow__node').first().waitFor();
  await diagram
    .locator('.react-flow__edge path.react-flow__edge-path')
    .first()
    .waitFor({ state: 'attached' });
  return diagram.evaluate((element) => {
    const root = element as unknown as El;
    const within = (a: string, b: string) => b === a || b.startsWith(`${a}.`);
    const boxes = [...root.querySelectorAll('.react-flow__node')].map((n) => ({
      id: n.getAttribute('data-id') ?? '',
      rect: n.getBoundingClientRect(),
    }));
    const crossings: string[] = [];
    let bent = 0;
    const edges = [...root.querySelectorAll('.react-flow__edge')];
    for (const edge of edges) {
      const id = edge.getAttribute('data-id') ?? '';
      const [source, target] = id.split('->');
      const path = edge.querySelector('path.react-flow__edge-path');
      const m = path?.getScreenCTM?.();
      if (!path?.getTotalLength || !path.getPointAtLength || !m) continue;
      if (/[LQ].*[LQ].*[LQ]/.test(path.getAttribute('d') ?? '')) bent++;
      const length = path.getTotalLength();
      const hit = new Set<string>();
      for (let at = 0; at <= length; at += 3) {
        const { x, y } = path.getPointAtLength(at);
        const p = { x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f };
        for (const b of boxes) {
          if (within(b.id, source) || within(b.id, target) || hit.has(b.id)) continue;
          const r = b.rect;
          if (p.x > r.left + 2 && p.x < r.right - 2 && p.y > r.top + 2 && p.y < r.bottom - 2) {
            hit.add(b.id);
            crossings.push(`${id} crosses ${b.id}`);
          }
        }
      }
    }
    return { edges: edges.length, bent, crossings };
  });
}

/** The dashboard's chart texts (labels, numbers) drawn partly outside their chart, i.e. cut off. */
export async function chartTextsCutOff(page: Page): Promise<string[]> {
  return page.locator('figure.chart svg').evaluateAll((svgs) =>
    (svgs as unknown as El[]).flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')]
        .filter((t) => {
          const r = t.getBoundingClientRect();
          return r.left < box.left - 0.5 || r.right > box.right + 0.5;
        })
        .map((t) => (t as unknown as { textContent: string }).textContent);
    }),
  );
}

/**
 * The visible texts of the page that hold Latin-script words (two letters or more), each with the
 * element's tag and class: what a Chinese page should not show outside data. Texts inside inputs,
 * `[lang="en"]` (the service's own words, the switch to English), `.mono` (ids, references) and
 * `.data` (names, unit codes) are data.
 */
export async function latinTexts(page: Page): Promise<string[]> {
  return page.locator('body').evaluate((body) => {
    interface N {
      nodeType: number;
      textContent: string | null;
      parentElement: E | null;
      childNodes: Iterable<N>;
    }
    interface E extends N {
      tagName: string;
      className: unknown;
      closest(selector: string): E | null;
      getClientRects(): { length: number };
    }
    const found: string[] = [];
    const walk = (node: N) => {
      if (node.nodeType === 3) {
        const text = (node.textContent ?? '').trim();
        const el = node.parentElement;
        if (!el || !/[A-Za-z]{2,}/.test(text)) return;
        if (el.closest('script, style, textarea, [lang="en"], .mono, .data, .react-flow__attribution'))
          return;
        if (el.getClientRects().length === 0) return;
        found.push(`${el.tagName.toLowerCase()}.${String(el.className)}: ${text}`);
        return;
      }
      for (const child of node.childNodes) walk(child);
    };
    walk(body as unknown as N);
    return found;
  });
}
