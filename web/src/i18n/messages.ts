/*
 * The service's messages rendered from their code and parameters (the error body's `messageCode` and
 * `params`), in the reader's language, with times in Beijing time: no English server text in Chinese.
 */
import type { ErrorBody } from '../api/types';
import type { I18n } from './i18n';
import { ERRORS_ZH, STATUS_ZH } from './terms';

/** Messages with parameters: [English, 中文]; `{name}` is filled from the rendered parameters. */
const MESSAGES: Record<string, readonly [string, string]> = {
  EVENT_GUARD_FAILED: [
    '“{event}” cannot be done with what was entered: {reason}',
    '不能办理“{event}”：{reason}',
  ],
  EVENT_NOT_ALLOWED: [
    '“{event}” cannot be done at the stage “{state}”; {allowed}',
    '案件当前阶段（{state}）不能办理“{event}”；{allowed}',
  ],
  EVENT_NOT_ALLOWED_YET: [
    '“{event}” cannot be done yet at the stage “{state}”',
    '案件当前阶段（{state}）暂不能办理“{event}”',
  ],
  PAYLOAD_INVALID: ['What was entered is not accepted: {fields}', '填写的内容不符合要求：{fields}'],
  REQUEST_INVALID: ['The request is not accepted: {fields}', '请求的内容不符合要求：{fields}'],
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A workflow's own reason ({zh, en, params}), its times in the reader's zone. */
function reasonText(reason: unknown, i18n: I18n): string | null {
  if (!reason || typeof reason !== 'object') return null;
  const r = reason as { zh?: unknown; en?: unknown; params?: Record<string, unknown> };
  const template = i18n.lang === 'zh' ? r.zh : r.en;
  if (typeof template !== 'string') return null;
  const values = Object.fromEntries(
    Object.entries(r.params ?? {}).map(([k, v]) => {
      const s = String(v);
      return [k, ISO_TIME.test(s) ? i18n.dateTime(s) : s];
    }),
  );
  return fill(template, values);
}

const list = (items: string[], lang: I18n['lang']) => items.join(lang === 'zh' ? '、' : ', ');

/**
 * The message of an error body in Chinese, from its code and parameters; null in English (the service's
 * own message is shown) and for a code and status without words here.
 */
export function messageOf(body: ErrorBody, status: number, i18n: I18n): string | null {
  const { lang } = i18n;
  // English: the service's own message is English already, and says the most
  if (lang !== 'zh') return null;
  const code = body.messageCode ?? body.code;
  const params = body.params ?? {};
  const str = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : '');
  const strings = (k: string) => (Array.isArray(params[k]) ? (params[k] as unknown[]).map(String) : []);
  const template = code ? MESSAGES[code] : undefined;
  if (template) {
    const allowed = strings('allowedEvents');
    const fields = strings('fields').map((f) =>
      i18n.term(
        'field',
        f
          .split('.')
          .filter((p) => !/^\d+$/.test(p))
          .at(-1) ?? f,
      ),
    );
    const values: Record<string, string> = {
      event: str('event') ? i18n.eventName(str('event')) : '',
      state: str('state') ? i18n.stateName(str('state')) : '',
      allowed: allowed.length
        ? `${lang === 'zh' ? '现在可办理' : 'possible now'}: ${list(allowed.map(i18n.eventName), lang)}`.replace(
            ': ',
            lang === 'zh' ? '：' : ': ',
          )
        : lang === 'zh'
          ? '本案现在没有可办理的事项'
          : 'the case accepts nothing now',
      reason:
        reasonText(params.reason, i18n) ??
        (lang === 'zh' ? '填写的内容不符合办理条件' : 'a condition on what was entered is not met'),
      fields: fields.length
        ? list(fields, lang)
        : lang === 'zh'
          ? '请检查填写的内容'
          : 'check what was entered',
    };
    return fill(template[lang === 'zh' ? 1 : 0], values);
  }
  return (
    (code && ERRORS_ZH[code]) ??
    STATUS_ZH[status] ??
    (status ? STATUS_ZH[Math.floor(status / 100) * 100] : null) ??
    null
  );
}
