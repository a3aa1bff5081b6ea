import { useState, type FormEvent } from 'react';
import type { WorkflowEvent } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { SchemaField } from './SchemaField';
import {
  initialValue,
  problemsByPath,
  toPayload,
  validate,
  type FormObject,
  type FormValue,
  type Problems,
} from './schema';

/** The form of one event, generated from its JSON schema, with the client's and the server's messages. */
export function EventForm({
  event,
  busy,
  serverProblems,
  onSubmit,
  onCancel,
}: {
  event: WorkflowEvent;
  busy: boolean;
  serverProblems: string[];
  onSubmit(payload: Record<string, unknown>): void;
  onCancel(): void;
}) {
  const { t, eventName } = useI18n();
  const [value, setValue] = useState<FormValue>(() => initialValue(event.schema, true));
  const [problems, setProblems] = useState<Problems>({});
  const [tried, setTried] = useState(false);
  const server = problemsByPath(serverProblems);
  const hasFields = Object.keys(event.schema.properties ?? {}).length > 0;

  const change = (v: FormValue) => {
    setValue(v);
    if (tried) setProblems(validate(event.schema, v));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const found = validate(event.schema, value);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    onSubmit((toPayload(event.schema, value) ?? {}) as Record<string, unknown>);
  };

  const obj = value as FormObject;
  const req = new Set(event.schema.required ?? []);
  const formId = `ev-${event.type}`;
  return (
    <form
      className="event-form"
      onSubmit={submit}
      noValidate
      aria-label={eventName(event.type)}
      data-event-form={event.type}
    >
      <p className="help">{event.description}</p>
      {hasFields &&
        Object.entries(event.schema.properties ?? {}).map(([k, s]) => (
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
            onChange={(v) => change({ ...obj, [k]: v })}
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
          <ul>
            {serverProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('sending') : `${t('send')}: ${eventName(event.type)}`}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
