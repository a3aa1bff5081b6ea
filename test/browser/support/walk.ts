import type { Browser, Locator, Page } from 'playwright-core';
import { latinTexts, screenshot, signedIn } from './browser';

/** What a generated form gets where a walk does not say: plain Chinese text, numbers at their top. */
export const ANY_TEXT = '经核实，情况属实，依规依纪处理';

/** A form's fields, as the walk fills them beyond the defaults (by the field's path: `measures.0.type`). */
export type Fill = (form: Locator) => Promise<unknown>;

/**
 * Fills what a generated form still insists on (aria-required and empty): the first choice of a
 * select, plain text, a number at its maximum (or 1), one item in a required list left empty. Repeated while choices bring new fields (a
 * measure's type, an outcome's branch), so the walk only names the fields whose value matters.
 */
export async function fillRequired(form: Locator): Promise<void> {
  for (let pass = 0; pass < 6; pass++) {
    const empty = await form.evaluate((root) => {
      interface Control {
        id: string;
        tagName: string;
        type?: string;
        value: string;
        max?: string;
        min?: string;
        options?: ArrayLike<{ value: string }>;
      }
      const controls = (
        root as unknown as { querySelectorAll(s: string): ArrayLike<Control> }
      ).querySelectorAll('[aria-required="true"]');
      return Array.from(controls)
        .filter((c) => c.value === '')
        .map((c) => ({
          id: c.id,
          tag: c.tagName.toLowerCase(),
          type: c.type ?? '',
          max: c.max ?? '',
          min: c.min ?? '',
          first: c.options ? (Array.from(c.options).find((o) => o.value !== '')?.value ?? '') : '',
        }));
    });
    // a required list left empty (a decision's measures when the opinion proposed none): one item
    const lists = form.locator(
      'fieldset.list:has(> legend > span[aria-hidden="true"]):not(:has(> .list-item))',
    );
    const emptyLists = await lists.count();
    if (empty.length === 0 && emptyLists === 0) return;
    for (let i = 0; i < emptyLists; i++) await lists.first().locator('> button').last().click();
    for (const c of empty) {
      const field = form.locator(`[id="${c.id}"]`);
      if (c.tag === 'select') await field.selectOption(c.first);
      else if (c.type === 'number') await field.fill(c.max || (Number(c.min) > 1 ? c.min : '1'));
      else await field.fill(ANY_TEXT);
    }
  }
  throw new Error('the form still has empty required fields after six passes');
}

/** The case page's revision once it is ready. */
export async function revisionOf(page: Page): Promise<number> {
  const ready = page.locator('.case-page[data-phase="ready"]');
  await ready.waitFor();
  return Number(await ready.getAttribute('data-revision'));
}

/** Waits until the case page shows a revision after `before`, ready again; else says what it shows. */
export async function afterRevision(page: Page, before: number, what: string): Promise<void> {
  try {
    await page.waitForFunction((prev) => {
      const el = (
        globalThis as unknown as {
          document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
        }
      ).document.querySelector('.case-page');
      return (
        !!el && Number(el.getAttribute('data-revision')) > prev && el.getAttribute('data-phase') === 'ready'
      );
    }, before);
  } catch (error) {
    const shown = await page
      .locator('[role="alert"], [data-testid="server-problems"]')
      .allTextContents()
      .catch(() => []);
    await screenshot(page, `walk-failed-${what}`);
    throw new Error(
      `${what}: the case did not move on from revision ${before}. The page says: ${shown.join(' | ')}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The Latin-script texts of a page in Chinese that are not data: `data` lists what the walk typed or
 * the service holds as names (units, users), which may be Latin and are shown as given.
 */
export async function latinUiTexts(page: Page, data: readonly string[]): Promise<string[]> {
  const longestFirst = [...data].sort((a, b) => b.length - a.length);
  return (await latinTexts(page)).filter((text) => {
    let rest = text.slice(text.indexOf(': ') + 2);
    for (const d of longestFirst) rest = rest.split(d).join('');
    return /[A-Za-z]{2,}/.test(rest);
  });
}

/**
 * Visible texts that are a code of the service in camelCase (keyTasks, mainLeadership): a value the
 * page shows untranslated, even where it is marked as data.
 */
export async function codeTexts(page: Page): Promise<string[]> {
  return page.locator('body').evaluate((body) => {
    interface N {
      nodeType: number;
      textContent: string | null;
      parentElement: E | null;
      childNodes: Iterable<N>;
    }
    interface E extends N {
      tagName: string;
      closest(selector: string): E | null;
      getClientRects(): { length: number };
    }
    const found: string[] = [];
    const walk = (node: N) => {
      if (node.nodeType === 3) {
        const text = (node.textContent ?? '').trim();
        const el = node.parentElement;
        if (!el || !/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(text)) return;
        if (el.closest('script, style, textarea, option, [lang="en"]') || el.getClientRects().length === 0)
          return;
        found.push(`${el.tagName.toLowerCase()} (code): ${text}`);
        return;
      }
      for (const child of node.childNodes) walk(child);
    };
    walk(body as unknown as N);
    return found;
  });
}

export const DESKTOP = { width: 1440, height: 900 };

/** One event of a walk: who sends it, and the fields whose value matters (the rest: fillRequired). */
export type Step = [sub: string, event: string, fill?: Fill];

/**
 * Walks cases through the workbench in Chinese: one page per user and screen size, kept; every form
 * filled and every page reached checked for Latin UI text (`found`, by where), `data` left aside.
 */
export class Walker {
  readonly found: string[] = [];
  private readonly pages = new Map<string, Page>();
  /** When the walk saw the last event done. */
  private lastAt = 0;

  constructor(
    private readonly browser: Browser,
    private readonly origin: string,
    readonly data: string[],
  ) {}

  /** The user's page in Chinese (one per user and width). */
  async user(sub: string, viewport = DESKTOP): Promise<Page> {
    const key = `${sub}@${viewport.width}`;
    const had = this.pages.get(key);
    if (had) return had;
    const { page } = await signedIn(this.browser, this.origin, sub, viewport);
    await page.getByRole('button', { name: /Language/ }).click();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    this.pages.set(key, page);
    return page;
  }

  async check(page: Page, where: string, shot = false): Promise<void> {
    if (shot) await screenshot(page, `walk-${where}`);
    const texts = [...(await latinUiTexts(page, this.data)), ...(await codeTexts(page))];
    for (const text of texts) this.found.push(`${where}: ${text}`);
  }

  /** Sends each step's event through its form, as its user, on the case's page; checks every form. */
  async walk(caseId: string, name: string, steps: Step[]): Promise<void> {
    let last: Page | null = null;
    for (const [sub, type, fill] of steps) {
      const page = await this.user(sub);
      if (page !== last || !page.url().endsWith(caseId)) await page.goto(`${this.origin}/cases/${caseId}`);
      last = page;
      const before = await revisionOf(page);
      // a form's times start at now, to the second: not in the second of the last event (before it)
      if (Math.floor(Date.now() / 1000) === Math.floor(this.lastAt / 1000))
        await page.waitForTimeout(1000 - (Date.now() % 1000));
      await page.locator(`button[data-event="${type}"]`).click();
      const form = page.locator(`form[data-event-form="${type}"]`);
      await form.waitFor();
      if (fill) await fill(form);
      await fillRequired(form);
      await this.check(page, `${name}-${type}`);
      await form.locator('button[type="submit"]').click();
      await afterRevision(page, before, `${name}-${type}`);
      this.lastAt = Date.now();
    }
    if (!last) return;
    for (const d of await last.locator('.timeline details').all())
      await d.evaluate((e) => e.setAttribute('open', ''));
    await this.check(last, `${name}-end`, true);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pages.values()].map((p) => p.context().close()));
  }
}
