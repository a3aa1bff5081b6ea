import type { Locator, Page } from 'playwright-core';
import { latinTexts, screenshot } from './browser';

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
