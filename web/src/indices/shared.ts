import type { components } from '../api/schema';
import { useI18n } from '../i18n/i18n';

type Schemas = components['schemas'];
export type IndicesReport = Schemas['IndicesReport'];
export type IndexRow = Schemas['IndexRow'];
export type IndexFigure = Schemas['IndexFigure'];
export type IndexCase = Schemas['IndexCase'];
export type Label = Schemas['Label'];

/** "English 中文" in English, "中文" in Chinese: how the workbench names domain terms. */
export function useDual(): (label: Label) => string {
  const { lang } = useI18n();
  return (label: Label) => (lang === 'zh' ? label.zh : `${label.en} ${label.zh}`);
}

/** A rate (0–1) as a percentage with one decimal; a dash when there is none (0/0). */
export const pct = (rate: number | null | undefined): string =>
  rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`;
