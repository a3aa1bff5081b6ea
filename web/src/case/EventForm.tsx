import { useState, type FormEvent } from 'react';
import type { WorkflowEvent } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { SchemaField } from './SchemaField';
import {
  discriminatorOf,
  initialValue,
  problemsByPath,
  resolve,
  toPayload,
  validate,
  variantSchema,
  variantsOf,
  type FormObject,
  type FormValue,
  type Problems,
} from './schema';

/**
 * The form of one event, generated from its JSON schema, with the client's and the server's messages.
 * An event with per-case variants (e.g. measures that fit the subject's kind) uses `variant` when the
 * case says which applies (the subject's kind), else offers the variants to choose from.
 */
export function EventForm({
  event,
  variant,
  start,
  busy,
  serverProblems,
  onSubmit,
  onCancel,
}: {
  event: WorkflowEvent;
  variant?: string;
  /** Values the form starts with beyond the schema's defaults (e.g. what the case already holds). */
  start?: FormObject;
  busy: boolean;
  serverProblems: string[];
  onSubmit(payload: Record<string, unknown>): void;
  onCancel(): void;
}) {
  const { t, term, eventName, help, lang } = useI18n();
  const variants = variantsOf(event.schema);
  const given = variant !== undefined && variants?.includes(variant) ? variant : undefined;
  const [picked, setPicked] = useState<string | undefined>(() => given ?? variants?.[0]);
  const chosen = given ?? picked;
  const schema = variants && chosen ? variantSchema(event.schema, chosen) : event.schema;
  const [value, setValue] = useState<FormValue>(() => ({
    ...(initialValue(schema, true) as FormObject),
    ...start,
  }));
  const [problems, setProblems] = useState<Problems>({});
  const [tried, setTried] = useState(false);
  const server = problemsByPath(serverProblems);
  const obj = value as FormObject;
  const shown = resolve(schema, obj);
  const tag = discriminatorOf(schema);
  const hasFields = Object.keys(shown.properties ?? {}).length > 0;

  const change = (v: FormValue) => {
    setValue(v);
    if (tried) setProblems(validate(schema, v));
  };

  const setField = (k: string, v: FormValue) => {
    if (k !== tag) return change({ ...obj, [k]: v });
    // another branch (e.g. an appeal's outcome): keep the fields it shares, start the rest afresh
    const next = resolve(schema, { [k]: v });
    const same = (f: string) =>
      f !== k && JSON.stringify(next.properties?.[f]) === JSON.stringify(shown.properties?.[f]);
    const fresh = initialValue(next, true) as FormObject;
    change({
      ...fresh,
      ...Object.fromEntries(
        Object.keys(fresh)
          .filter(same)
          .map((f) => [f, obj[f]]),
      ),
      [k]: v,
    });
  };

  const pickVariant = (name: string) => {
    setPicked(name);
    setValue(initialValue(variantSchema(event.schema, name), true));
    setProblems({});
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const found = validate(schema, value);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    onSubmit((toPayload(schema, value) ?? {}) as Record<string, unknown>);
  };

  const req = new Set(shown.required ?? []);
  const entries = Object.entries(shown.properties ?? {}).sort(
    ([a], [b]) => Number(b === tag) - Number(a === tag),
  );
  const formId = `ev-${event.type}`;
  return (
    <form
      className="event-form"
      onSubmit={submit}
      noValidate
      aria-label={eventName(event.type)}
      data-event-form={event.type}
    >
      <p className="help">{help(event.type, event.description)}</p>
      {variants && !given && (
        <div className="field">
          <label htmlFor={`${formId}-variant`}>{term('field', 'kind')}</label>
          <select id={`${formId}-variant`} value={chosen} onChange={(e) => pickVariant(e.target.value)}>
            {variants.map((v) => (
              <option key={v} value={v}>
                {term('value', v)}
              </option>
            ))}
          </select>
        </div>
      )}
      {hasFields &&
        entries.map(([k, s]) => (
          <SchemaField
            key={k}
            schema={s}
            name={k}
            path={k}
            idPrefix={formId}
            value={obj[k]}
            required={req.has(k)}
            problems={problems}
            serverProblems={server.byPath}
            onChange={(v) => setField(k, v)}
          />
        ))}
      {Object.keys(problems).length > 0 && (
        <p className="field-error" role="alert">
          {t('fixProblems')}
        </p>
      )}
      {serverProblems.length > 0 && (
        <div className="error-note" role="alert" data-testid="server-problems">
          {t('serverProblems')}
          {lang === 'zh' ? (
            // the service's problems are English: in Chinese, the fields they name
            <p>
              {t('serverProblemFields', {
                fields:
                  [...new Set(Object.keys(server.byPath).map((p) => term('field', fieldName(p))))].join(
                    '、',
                  ) || '—',
              })}
            </p>
          ) : (
            <ul>
              {serverProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('sending') : `${t('send')}${lang === 'zh' ? '：' : ': '}${eventName(event.type)}`}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

/** The field a problem's path names: its last part that is not a list index (measures.0.type → type). */
function fieldName(path: string): string {
  return (
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .at(-1) ?? path
  );
}
