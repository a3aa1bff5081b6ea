import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEADLINES, EVENTS, FIELDS, HELP_ZH, STATES, VALUES, WORKFLOWS_ZH } from './terms';
import { UI, type UiKey } from './ui';

export type Lang = 'en' | 'zh';

/** The time zone every time is shown in. */
export const BEIJING = 'Asia/Shanghai';
type Category = 'state' | 'event' | 'deadline' | 'value' | 'field';

const TABLES = { state: STATES, event: EVENTS, deadline: DEADLINES, value: VALUES, field: FIELDS };

/** camelCase or SNAKE_CASE to words, for keys without a term. */
function humanise(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** A UI string. */
  t(key: UiKey, vars?: Record<string, string | number>): string;
  /** A domain term: "Investigation 调查" in English, "调查" in Chinese. */
  term(category: Category, key: string): string;
  /** Whether a key has a term (an enum value to translate, rather than data to show as it is). */
  known(category: Category, key: string): boolean;
  /** A state path, possibly parallel (comma-separated): "Execution 执行: Measures pending 待执行 · …". */
  stateName(path: string): string;
  /** One state's name in two parts, for diagrams: English (null in Chinese) and Chinese. */
  stateParts(path: string): { en: string | null; zh: string };
  /** An event type, including xstate.after.* deadline events. */
  eventName(type: string): string;
  dateTime(iso: string | null | undefined): string;
  /** A day, without the time of day (impact periods, due dates that mean a day). */
  date(iso: string | null | undefined): string;
  /** An action's help: Chinese from HELP_ZH, else the workflow's own (English) description. */
  help(type: string, description: string): string;
  /** A procedure's title and description: Chinese from WORKFLOWS_ZH, else the workflow's own. */
  procedure(w: { name: string; title: string; description?: string }): { title: string; description: string };
}

const Ctx = createContext<I18n | null>(null);

/**
 * The functions of one language, for one workflow when `workflow` is given: a term keyed
 * `workflow:key` (e.g. `rectification:RECORD_TALK`, 约谈, where the inquiry's is 谈话) wins over the
 * shared `key`; a key with no term at all is shown humanised ("Record talk").
 */
function build(lang: Lang, setLang: (l: Lang) => void, workflow?: string): I18n {
  const entryOf = (category: Category, key: string) =>
    (workflow ? TABLES[category][`${workflow}:${key}`] : undefined) ?? TABLES[category][key];
  const term = (category: Category, key: string) => {
    const entry = entryOf(category, key);
    if (!entry) return humanise(key);
    return lang === 'zh' ? entry[1] : `${entry[0]} ${entry[1]}`;
  };
  const stateEntry = (p: string) => entryOf('state', p) ?? entryOf('state', p.split('.').at(-1) ?? p);
  const one = (p: string) =>
    entryOf('state', p) ? term('state', p) : term('state', p.split('.').at(-1) ?? p);
  const stateName = (path: string) => {
    const leaves = path.split(',');
    const top = leaves[0].split('.')[0];
    const nested = leaves.every((l) => l.startsWith(`${top}.`));
    const list = leaves.map(one).join(' · ');
    // a compound state and the states within it: 执行：已执行 · 申诉期内 (the full-width colon in Chinese)
    return nested ? `${one(top)}${lang === 'zh' ? '：' : ': '}${list}` : list;
  };
  const stateParts = (path: string) => {
    const entry = stateEntry(path);
    if (!entry) return { en: lang === 'zh' ? null : humanise(path.split('.').at(-1) ?? path), zh: '' };
    return { en: lang === 'zh' ? null : entry[0], zh: entry[1] };
  };
  const eventName = (type: string) => {
    if (type.startsWith('xstate.after.')) {
      const kind = type.split('.')[2] ?? '';
      return `${term('event', 'deadline')}${lang === 'zh' ? '：' : ': '}${term('deadline', kind)}`;
    }
    if (type.startsWith('xstate.done.')) return term('event', 'done');
    return term('event', type);
  };
  // Times in Beijing time, wherever the browser is: the service's calendar and its users' (issue 22)
  const fmt = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: BEIJING,
  });
  const day = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'medium',
    timeZone: BEIJING,
  });
  return {
    lang,
    setLang,
    t: (key, vars) => {
      let s: string = UI[key][lang === 'zh' ? 1 : 0];
      for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, String(v));
      return s;
    },
    term,
    known: (category, key) => entryOf(category, key) !== undefined,
    stateName,
    stateParts,
    eventName,
    dateTime: (iso) => (iso ? fmt.format(new Date(iso)) : '—'),
    date: (iso) => (iso ? day.format(new Date(iso)) : '—'),
    help: (type, description) =>
      lang === 'zh'
        ? ((workflow ? HELP_ZH[`${workflow}:${type}`] : undefined) ?? HELP_ZH[type] ?? description)
        : description,
    procedure: (w) => {
      const zh = lang === 'zh' ? WORKFLOWS_ZH[w.name] : undefined;
      return { title: zh?.[0] ?? w.title, description: zh?.[1] ?? w.description ?? '' };
    },
  };
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() =>
    localStorage.getItem('wenze.lang') === 'zh' ? 'zh' : 'en',
  );
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('wenze.lang', l);
    setLangState(l);
  }, []);
  // <html lang> follows the language, from the first render (screen readers, fonts, hyphenation)
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo(() => build(lang, setLang), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** Terms as one workflow names them, for everything inside (a case's page). */
export function WorkflowTerms({ workflow, children }: { workflow: string; children: ReactNode }) {
  const { lang, setLang } = useI18n();
  const value = useMemo(() => build(lang, setLang, workflow), [lang, setLang, workflow]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Ctx);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/**
 * How long since `dueAt`, at `now` (the page's clock), for something overdue and not yet done: the
 * time since it was due, never how late the limit fired. At least one second, as it is overdue.
 */
export function lateSince(dueAt: string, now: number): number {
  return Math.max(1_000, Math.ceil((now - Date.parse(dueAt)) / 1_000) * 1_000);
}

/** "3 d 4 h" style durations. */
export function formatDuration(ms: number, lang: Lang): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const u =
    lang === 'zh' ? { d: '天', h: '小时', m: '分', s: '秒' } : { d: ' d', h: ' h', m: ' min', s: ' s' };
  if (d > 0) return `${d}${u.d} ${h}${u.h}`;
  if (h > 0) return `${h}${u.h} ${m}${u.m}`;
  if (m > 0) return `${m}${u.m}`;
  return `${Math.round(abs / 1000)}${u.s}`;
}
