import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, post } from '../api/client';
import type { CaseView, JsonSchema } from '../api/types';
import { useCatalogue, useWorkflow } from '../api/workflows';
import { useSession } from '../auth/session';
import { SchemaField } from '../case/SchemaField';
import {
  initialValue,
  problemsByPath,
  toPayload,
  validate,
  type FormObject,
  type FormValue,
  type Problems,
} from '../case/schema';
import { navigate } from '../common/router';
import { ErrorNote } from '../common/ui';
import { useI18n, WorkflowTerms } from '../i18n/i18n';
import { narrowed, withChoices, withUnits } from '../case/fieldChoices';
import { useUnits, useUnitsInReach } from '../common/units';

const DEFAULT_WORKFLOW = 'accountability';

/** The common fields of every POST /cases body, shown apart from the workflow's own. */
const COMMON = new Set(['workflow', 'businessKey', 'title', 'subject', 'unitId']);

/** The common fields shown first, in this order (the subject has its own fieldset). */
const FIRST = ['title', 'businessKey', 'unitId'];

/** The element ids the open form has always had (the browser tests and users' habits rely on them). */
const IDS: Record<string, string> = {
  title: 'o-title',
  businessKey: 'o-key',
  unitId: 'o-unit',
  'subject.ref': 'o-ref',
  'subject.kind': 'o-kind',
  'subject.name': 'o-name',
  'subject.organisation': 'o-org',
  'subject.post': 'o-post',
};

/** Values the form starts with, beyond the schema's: what a case of the workflow is usually about. */
const STARTING: Record<string, { kind: string; values?: Record<string, string> }> = {
  accountability: { kind: 'individual', values: { source: 'inspectionTour' } },
  inquiry: { kind: 'individual' },
  preliminaryVerification: { kind: 'individual' },
  rectification: { kind: 'organisation' },
  responsibilityList: { kind: 'organisation', values: { year: String(new Date().getFullYear()) } },
};

function startingValue(schema: JsonSchema, workflow: string, unit: string | undefined): FormObject {
  const value = initialValue(schema, true) as FormObject;
  const start = STARTING[workflow];
  const subject = value.subject as FormObject | undefined;
  const kinds = schema.properties?.subject?.properties?.kind?.enum?.map(String) ?? [];
  return {
    ...value,
    ...start?.values,
    workflow,
    ...(unit && schema.properties?.unitId && { unitId: unit }),
    ...(subject && {
      subject: { ...subject, kind: start && kinds.includes(start.kind) ? start.kind : (kinds[0] ?? '') },
    }),
  };
}

/**
 * A fresh starting value with what the user changed kept: a field still as the form started it
 * (`started`) takes the fresh start (a default that arrived since, such as the user's unit).
 */
function keepEntered(fresh: FormObject, entered: FormObject, started: FormObject): FormObject {
  const kept: FormObject = { ...fresh };
  for (const key of Object.keys(fresh)) {
    const [now, before, start] = [fresh[key], entered[key], started[key]];
    if (isObject(now) && isObject(before)) kept[key] = keepEntered(now, before, isObject(start) ? start : {});
    else if (key in entered && JSON.stringify(before) !== JSON.stringify(start)) kept[key] = before;
  }
  return kept;
}

function isObject(v: FormValue | undefined): v is FormObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Who or what the case is about, as the workflow calls it (整改单位, 责任单位, …). */
function SubjectLegend({ accountability }: { accountability: boolean }) {
  const { t, term, lang } = useI18n();
  if (accountability) return <legend>{t('subjectSection')}</legend>;
  const named = term('field', 'subject');
  const generic = lang === 'zh' ? '对象' : 'Subject 对象';
  return <legend>{named === generic ? t('subjectSectionAny') : named}</legend>;
}

/**
 * Opens a case of any workflow: a picker over the catalogue, then a form generated from the chosen
 * workflow's published POST /cases body (GET /workflows/:name → open.schema).
 */
export function OpenCaseForm() {
  const { t, procedure } = useI18n();
  const { user } = useSession();
  const list = useCatalogue();
  const [workflow, setWorkflow] = useState(
    () => new URLSearchParams(window.location.search).get('workflow') ?? DEFAULT_WORKFLOW,
  );
  const wf = useWorkflow(workflow);
  // The handling unit is picked by name from the units within reach, not typed as a code.
  const units = useUnitsInReach();
  const tree = useUnits();
  const base = useMemo(
    () =>
      wf && wf.name === workflow
        ? narrowed(withChoices(wf.open.schema, workflow), units?.length ? { unitId: units } : undefined)
        : null,
    [wf, workflow, units],
  );
  const [value, setValue] = useState<FormObject | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // The form starts afresh for another workflow. The same workflow's schema changes again once the
  // units within reach arrive: what the user has entered by then stays.
  const started = useRef<{ workflow: string; value: FormObject } | null>(null);
  useEffect(() => {
    const fresh = base ? startingValue(base, workflow, user?.unit) : null;
    const before = started.current?.workflow === workflow ? started.current.value : null;
    const same = fresh !== null && before !== null;
    started.current = fresh ? { workflow, value: fresh } : null;
    setValue((entered) => (fresh && before && entered ? keepEntered(fresh, entered, before) : fresh));
    if (same) return;
    setProblems({});
    setTried(false);
    setError(null);
  }, [base, workflow, user?.unit]);
  // A field naming units below the handling unit (a task's department) offers those of the one picked.
  const handling = typeof value?.unitId === 'string' ? value.unitId : undefined;
  const schema = useMemo(() => base && withUnits(base, tree, handling), [base, tree, handling]);

  const serverMessages =
    error instanceof ApiError ? (error.body?.details?.problems ?? []).map(String) : ([] as string[]);
  const server = problemsByPath(serverMessages);

  const change = (k: string, v: FormValue) => {
    if (!value || !schema) return;
    const next = { ...value, [k]: v };
    setValue(next);
    if (tried) setProblems(validate(schema, next));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!schema || !value) return;
    setTried(true);
    const found = validate(schema, value);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const body = { ...(toPayload(schema, value) as Record<string, unknown>), workflow };
      const created = await post<CaseView>('/cases', body);
      navigate(`/cases/${created.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const field = (k: string, s: JsonSchema, required: boolean) => (
    <SchemaField
      key={k}
      schema={s}
      name={k}
      path={k}
      idPrefix="o"
      ids={IDS}
      value={value?.[k]}
      required={required}
      problems={problems}
      serverProblems={server.byPath}
      onChange={(v) => change(k, v)}
    />
  );

  const props = Object.entries(schema?.properties ?? {});
  const req = new Set(schema?.required ?? []);
  const subjectSchema = schema?.properties?.subject;
  const subject = value?.subject as FormObject | undefined;
  const subjectReq = new Set(subjectSchema?.required ?? []);
  const accountability = workflow === 'accountability';
  const choices = list ?? [{ name: workflow, title: wf?.title ?? workflow, version: 0, description: '' }];

  return (
    <div className="page narrow">
      <h1>{t('openTitle')}</h1>
      <form
        onSubmit={(e) => void submit(e)}
        className="panel form-grid"
        noValidate
        data-open-form={workflow}
        data-ready={Boolean(schema && value) || undefined}
      >
        <fieldset className="span-all">
          <legend>{t('workflowSection')}</legend>
          <div className="field">
            <label htmlFor="o-workflow">{t('workflowPick')}</label>
            <select id="o-workflow" value={workflow} onChange={(e) => setWorkflow(e.target.value)}>
              {choices.map((w) => (
                <option key={w.name} value={w.name}>
                  {procedure(w).title}
                </option>
              ))}
            </select>
            {wf?.name === workflow && <p className="help">{procedure(wf).description}</p>}
          </div>
        </fieldset>
        {schema && value && (
          <WorkflowTerms workflow={workflow}>
            <fieldset>
              <legend>{accountability ? t('proposalSection') : t('caseSection')}</legend>
              {FIRST.filter((k) => schema.properties?.[k]).map((k) =>
                field(k, schema.properties![k], req.has(k)),
              )}
              {props.filter(([k]) => !COMMON.has(k)).map(([k, s]) => field(k, s, req.has(k)))}
            </fieldset>
            {subjectSchema && subject && (
              <fieldset>
                <SubjectLegend accountability={accountability} />
                {Object.entries(subjectSchema.properties ?? {}).map(([k, s]) => (
                  <SchemaField
                    key={k}
                    schema={s}
                    name={k}
                    path={`subject.${k}`}
                    idPrefix="o"
                    ids={IDS}
                    value={subject[k]}
                    required={subjectReq.has(k)}
                    problems={problems}
                    serverProblems={server.byPath}
                    onChange={(v) => change('subject', { ...subject, [k]: v })}
                  />
                ))}
              </fieldset>
            )}
          </WorkflowTerms>
        )}
        {!schema && <p className="muted">{t('loading')}</p>}
        {error !== null && <ErrorNote error={error instanceof ApiError ? error : new Error(String(error))} />}
        {tried && Object.keys(problems).length > 0 && (
          <p className="field-error span-all" role="alert">
            {t('openFix', { n: Object.keys(problems).length })}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !schema}>
            {t('openSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
