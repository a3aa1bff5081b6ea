import type { JsonSchema } from '../api/types';
import { useI18n } from '../i18n/i18n';
import {
  discriminatorOf,
  enumLabel,
  initialValue,
  kindOf,
  resolve,
  type FormObject,
  type FormValue,
  type Problems,
} from './schema';

export interface FieldProps {
  schema: JsonSchema;
  /** The property name (for the label), or undefined for array items. */
  name: string;
  path: string;
  idPrefix: string;
  value: FormValue;
  required: boolean;
  problems: Problems;
  serverProblems: Record<string, string>;
  onChange(value: FormValue): void;
  /** Element ids by field path, where a form keeps ids of its own (the open form's `o-ref`, …). */
  ids?: Record<string, string>;
  /** The heading to show instead of the name's term (a list's item: 措施 1). */
  label?: string;
}

function fieldId(prefix: string, path: string, ids?: Record<string, string>) {
  return ids?.[path] ?? `${prefix}-${path.replace(/\./g, '-')}`;
}

function FieldMessage({
  id,
  path,
  problems,
  serverProblems,
}: {
  id: string;
  path: string;
  problems: Problems;
  serverProblems: Record<string, string>;
}) {
  const { t, lang } = useI18n();
  const p = problems[path];
  const server = serverProblems[path];
  if (!p && !server) return null;
  // the service's words are English: in Chinese, that the field was refused
  return (
    <p className="field-error" id={`${id}-error`}>
      {p ? t(p.key, p.vars) : lang === 'zh' ? t('fieldRefused') : server}
    </p>
  );
}

/** One field of a form generated from a JSON schema; objects and arrays recurse. */
export function SchemaField(props: FieldProps) {
  const { schema, name, path, idPrefix, value, required, problems, serverProblems, onChange, ids } = props;
  const heading = props.label;
  const { t, term, lang } = useI18n();
  const id = fieldId(idPrefix, path, ids);
  const kind = kindOf(schema);
  const label = heading ?? term('field', name);
  const invalid = Boolean(problems[path] || serverProblems[path]);
  const describedBy = invalid ? `${id}-error` : undefined;
  const message = <FieldMessage id={id} path={path} problems={problems} serverProblems={serverProblems} />;
  const reqMark =
    required && (kind !== 'text' || (schema.minLength ?? 0) > 0) ? <span aria-hidden="true"> *</span> : null;

  if (kind === 'object') {
    const obj = value as FormObject | undefined;
    // A oneOf with a discriminator (a measure's type): the chosen branch's fields, after its select.
    const shown = resolve(schema, obj);
    const tag = discriminatorOf(schema);
    const req = new Set(shown.required ?? []);
    const entries = Object.entries(shown.properties ?? {}).sort(
      ([a], [b]) => Number(b === tag) - Number(a === tag),
    );
    const set = (k: string, v: FormValue) => {
      if (!obj) return;
      if (k !== tag) return onChange({ ...obj, [k]: v });
      // another branch: keep the fields it shares with this one (same schema), start the rest afresh
      const next = resolve(schema, { [k]: v });
      const same = (f: string) =>
        f !== k && JSON.stringify(next.properties?.[f]) === JSON.stringify(shown.properties?.[f]);
      const fresh = initialValue(next, true) as FormObject;
      const kept = Object.fromEntries(
        Object.keys(fresh)
          .filter(same)
          .map((f) => [f, obj[f]]),
      );
      onChange({ ...fresh, ...kept, [k]: v });
    };
    return (
      <fieldset className="subform">
        <legend>
          {label}
          {!required && (
            <label className="inline-check">
              <input
                type="checkbox"
                checked={obj !== undefined}
                onChange={(e) => onChange(e.target.checked ? initialValue(schema, true) : undefined)}
              />
              {t('include')}
            </label>
          )}
        </legend>
        {obj &&
          entries.map(([k, s]) => (
            <SchemaField
              key={k}
              {...props}
              schema={s}
              name={k}
              label={undefined}
              path={path ? `${path}.${k}` : k}
              value={obj[k]}
              required={req.has(k)}
              onChange={(v) => set(k, v)}
            />
          ))}
        {message}
      </fieldset>
    );
  }

  if (kind === 'array') {
    const items = (value as FormValue[] | undefined) ?? [];
    const itemSchema = schema.items ?? {};
    return (
      <fieldset className="subform list" aria-describedby={describedBy}>
        <legend>
          {label}
          {reqMark}
        </legend>
        {items.map((item, i) => (
          <div className="list-item" key={i}>
            <SchemaField
              {...props}
              schema={itemSchema}
              name={name}
              label={kindOf(itemSchema) === 'object' ? t('itemHeading', { label, n: i + 1 }) : undefined}
              path={`${path}.${i}`}
              value={item}
              required
              onChange={(v) => onChange(items.map((old, j) => (j === i ? v : old)))}
            />
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onChange(items.filter((_, j) => j !== i))}
              aria-label={`${t('removeItem')}: ${label} ${i + 1}`}
            >
              {t('removeItem')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onChange([...items, initialValue(itemSchema, true)])}
          disabled={schema.maxItems !== undefined && items.length >= schema.maxItems}
        >
          + {t('addItem')}
          {lang === 'zh' ? '：' : ': '}
          {label}
        </button>
        {message}
      </fieldset>
    );
  }

  if (kind === 'boolean') {
    return (
      <div className="field field-check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
        {message}
      </div>
    );
  }

  const common = {
    id,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    'aria-required': required || undefined,
  } as const;
  const str = typeof value === 'string' ? value : '';
  let input;
  if (kind === 'enum') {
    input = (
      <select {...common} value={str} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {(schema.enum ?? []).map((o) => (
          <option key={String(o)} value={String(o)}>
            {enumLabel(schema, String(o), lang) ?? term('value', String(o))}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'date') {
    input = (
      <input
        {...common}
        type="datetime-local"
        step={1}
        value={str}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else if (kind === 'number') {
    input = (
      <input
        {...common}
        type="number"
        inputMode="numeric"
        min={schema.minimum}
        max={schema.maximum}
        step={schema.type === 'integer' ? 1 : 'any'}
        value={str}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else if ((schema.maxLength ?? 0) > 500) {
    input = <textarea {...common} rows={3} value={str} onChange={(e) => onChange(e.target.value)} />;
  } else {
    input = <input {...common} type="text" value={str} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {reqMark}
      </label>
      {input}
      {message}
    </div>
  );
}
