import { usePersonName } from '../api/people';
import { useI18n } from '../i18n/i18n';
import { UnitName } from '../common/UnitName';
import { Actor } from './Actor';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Values that are references or ids (shown in a fixed-width face, never translated). */
const REFERENCES = new Set([
  'ref',
  'fileRef',
  'decisionNo',
  'noticeRef',
  'letterRef',
  'evidenceRef',
  'reference',
]);

/** Values that are unit codes (a transfer's unit, a task's department): shown by the unit's name. */
const UNITS = new Set(['unitId', 'department']);

type Value = unknown;

const FIRST = new Set(['type', 'kind']);

/**
 * An event's payload as labelled fields: labels from the terms, enum values translated, times in the
 * reader's format (a day alone when the time is midnight), lists as lists, long texts wrapped.
 */
export function Payload({ payload }: { payload: Record<string, unknown> }) {
  return <Fields value={payload} />;
}

function Fields({ value }: { value: Record<string, Value> }) {
  const { term } = useI18n();
  // what a thing is (a measure's type, a recipient's kind) before its details
  const entries = Object.entries(value)
    .filter(([, v]) => !empty(v))
    .sort(([a], [b]) => Number(FIRST.has(b)) - Number(FIRST.has(a)));
  return (
    <dl className="payload">
      {entries.map(([k, v]) => (
        <div key={k} className="payload-row" data-field={k}>
          <dt>{term('field', k)}</dt>
          <dd>
            <Item name={k} value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A name in both languages ({zh, en}, e.g. an indicator's label): shown in the reader's. */
function isLabel(value: Value): value is { zh: string; en: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort().join();
  const v = value as Record<string, unknown>;
  return keys === 'en,zh' && typeof v.zh === 'string' && typeof v.en === 'string';
}

function Item({ name, value }: { name: string; value: Value }) {
  const { t, term, known, dateTime, date, lang } = useI18n();
  const person = usePersonName();
  if (Array.isArray(value)) {
    const items = value.filter((v) => !empty(v));
    if (items.every((v) => typeof v !== 'object')) {
      return <>{items.map((v, i) => [i > 0 && '、', <Item key={i} name={name} value={v} />])}</>;
    }
    return (
      <ol className="payload-list">
        {items.map((v, i) => (
          <li key={i}>
            <Item name={name} value={v} />
          </li>
        ))}
      </ol>
    );
  }
  if (isLabel(value)) return <>{value[lang]}</>;
  if (value && typeof value === 'object') return <Fields value={value as Record<string, Value>} />;
  if (typeof value === 'boolean') return <>{value ? t('yes') : t('no')}</>;
  if (typeof value === 'number') return <>{value}</>;
  const s = String(value);
  if (ISO_TIME.test(s)) {
    const d = new Date(s);
    // midnight in Beijing (UTC+8): a day
    const midnight = (d.getUTCHours() + 8) % 24 === 0 && d.getUTCMinutes() === 0;
    return <time dateTime={s}>{midnight ? date(s) : dateTime(s)}</time>;
  }
  if (name === 'openedBy') return <Actor who={person(s)} sub={s} />;
  if (UNITS.has(name)) return <UnitName code={s} />;
  // a code that names a field (an assessment's indicator: keyTasks): by the field's name
  if (name === 'code' && known('field', s)) return <>{term('field', s)}</>;
  if (REFERENCES.has(name)) return <span className="mono">{s}</span>;
  if (known('value', s)) return <>{term('value', s)}</>;
  return <span className="data payload-text">{s}</span>;
}

function empty(v: Value): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}
