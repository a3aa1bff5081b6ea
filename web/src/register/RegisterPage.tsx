import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, get, query, request } from '../api/client';
import type { Cadre, CadreImportResult, CadrePage, Profile, Unit } from '../api/types';
import { useSession } from '../auth/session';
import { navigate, useLocation } from '../common/router';
import { Badge, ErrorNote, Loading, Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';

/** One refused row of an import, as the service lists it (422 ROWS_REFUSED, details.refused). */
interface Refusal {
  row: number;
  column: string;
  header: string;
  value: string | null;
  problem: string;
  reason: string;
  otherRow?: number;
}

/** Why a row is refused, in Chinese (the service's reason, in English, is kept for the English page). */
const PROBLEM_ZH: Record<string, string> = {
  missing: '不能为空',
  tooLong: '内容过长',
  duplicateInFile: '人员编号在文件中重复',
  onRegister: '该人员编号已在名册中',
  unknownDepartment: '本单位没有该部门',
};
const COLUMN_ZH: Record<string, string> = {
  name: '姓名',
  ref: '人员编号',
  post: '职务',
  rank: '职级',
  department: '所在部门',
};

interface Draft {
  ref: string;
  name: string;
  post: string;
  rank: string;
  departmentCode: string;
}
const EMPTY: Draft = { ref: '', name: '', post: '', rank: '', departmentCode: '' };

/** 干部名册: a unit's cadres (search, add, edit, mark left), the import with its row-by-row refusals, and the unit's departments. */
export function RegisterPage() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const { search } = useLocation();
  const mayWrite = hasRole('admin');
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const unitCode = search.get('unit') ?? '';

  useEffect(() => {
    Promise.all([get<Profile>('/me'), get<{ items: Unit[] }>('/units')]).then(([me, list]) => {
      const reach = me.reach;
      const mine = reach === 'all' ? list.items : list.items.filter((u) => reach.includes(u.code));
      setUnits(list.items);
      if (!unitCode) {
        const first = mine.find((u) => u.code === me.unit) ?? mine.find((u) => u.kind !== 'department');
        if (first) navigate(`/register?unit=${encodeURIComponent(first.code)}`, true);
      }
    }, setError);
  }, [unitCode]);

  if (error) return <ErrorNote error={error} />;
  if (!units) return <Loading />;
  const unit = units.find((u) => u.code === unitCode);
  const departments = units.filter((u) => u.kind === 'department' && u.parentCode === unitCode);
  return (
    <div className="register-page">
      <h1>{t('regTitle')}</h1>
      <p className="help">{t('regHelp')}</p>
      <label className="field">
        <span className="field-label">{t('regUnit')}</span>
        <select
          data-testid="register-unit"
          value={unitCode}
          onChange={(e) => navigate(`/register?unit=${encodeURIComponent(e.target.value)}`)}
        >
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      {unit && <RegisterOf key={unit.code} unit={unit} departments={departments} mayWrite={mayWrite} />}
    </div>
  );
}

function RegisterOf({ unit, departments, mayWrite }: { unit: Unit; departments: Unit[]; mayWrite: boolean }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [showLeft, setShowLeft] = useState(false);
  const [page, setPage] = useState<CadrePage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    get<CadrePage>(
      `/units/${encodeURIComponent(unit.code)}/cadres${query({ q: q.trim(), status: showLeft ? 'all' : undefined, limit: 500 })}`,
      controller.signal,
    ).then(
      (p) => {
        setPage(p);
        setError(null);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
  }, [unit.code, q, showLeft, version]);

  return (
    <>
      <Panel title={t('regTitle')} id="register">
        <div className="filters">
          <label className="field">
            <span className="field-label">{t('regSearch')}</span>
            <input type="search" value={q} onChange={(e) => setQ(e.target.value)} data-testid="register-q" />
          </label>
          <label className="check">
            <input type="checkbox" checked={showLeft} onChange={(e) => setShowLeft(e.target.checked)} />
            {t('regShowLeft')}
          </label>
          {page && <span data-testid="register-count">{t('regActive', { n: page.activeCount })}</span>}
        </div>
        {error !== null && <ErrorNote error={error} />}
        {!page ? (
          <Loading />
        ) : page.items.length === 0 ? (
          <p className="muted">{t('regEmpty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="register" data-testid="register-table">
              <thead>
                <tr>
                  <th>{t('regRef')}</th>
                  <th>{t('regName')}</th>
                  <th>{t('regPost')}</th>
                  <th>{t('regRank')}</th>
                  <th>{t('regDepartment')}</th>
                  <th>{t('regStatus')}</th>
                  {mayWrite && <th />}
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) =>
                  editing === c.id ? (
                    <EditRow
                      key={c.id}
                      cadre={c}
                      departments={departments}
                      onDone={() => {
                        setEditing(null);
                        reload();
                      }}
                    />
                  ) : (
                    <CadreRow
                      key={c.id}
                      cadre={c}
                      mayWrite={mayWrite}
                      onEdit={() => setEditing(c.id)}
                      onChanged={reload}
                    />
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      {mayWrite && <AddForm unit={unit} departments={departments} onAdded={reload} />}
      {mayWrite && <ImportForm unit={unit} onImported={reload} />}
      <Panel title={t('regDepartmentsTitle')} id="departments">
        {departments.length === 0 ? (
          <p className="muted">{t('regDepartmentsEmpty')}</p>
        ) : (
          <table className="register" data-testid="departments-table">
            <thead>
              <tr>
                <th>{t('regDepartment')}</th>
                <th>{t('regLeader')}</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => (
                <tr key={d.code} data-testid="department">
                  <td className="data">{d.name}</td>
                  <td>
                    {d.leader ? (
                      <>
                        <span className="data">{d.leader.name}</span>
                        {d.leader.post && <span className="data"> · {d.leader.post}</span>}
                        {d.leader.status === 'left' && <Badge tone="warn">{t('regLeaderLeft')}</Badge>}
                      </>
                    ) : (
                      <span className="muted">{t('regNoLeader')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

function CadreRow({
  cadre: c,
  mayWrite,
  onEdit,
  onChanged,
}: {
  cadre: Cadre;
  mayWrite: boolean;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const { t, date } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const setStatus = (status: 'active' | 'left') =>
    request('PATCH', `/cadres/${c.id}`, { body: { status } }).then(onChanged, setError);
  return (
    <tr data-testid="cadre" data-ref={c.ref}>
      <td className="data mono">{c.ref}</td>
      <td className="data">{c.name}</td>
      <td className="data">{c.post ?? t('regNone')}</td>
      <td className="data">{c.rank ?? t('regNone')}</td>
      <td className="data">{c.department?.name ?? t('regNone')}</td>
      <td>
        {c.status === 'active' ? (
          <Badge tone="ok">{t('regStatusActive')}</Badge>
        ) : (
          <Badge>{t('regStatusLeft', { date: date(c.leftAt) })}</Badge>
        )}
      </td>
      {mayWrite && (
        <td>
          <button type="button" className="btn btn-small" onClick={onEdit}>
            {t('regEdit')}
          </button>{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void setStatus(c.status === 'active' ? 'left' : 'active')}
          >
            {c.status === 'active' ? t('regMarkLeft') : t('regReinstate')}
          </button>
          {error !== null && <ErrorNote error={error} />}
        </td>
      )}
    </tr>
  );
}

function EditRow({
  cadre: c,
  departments,
  onDone,
}: {
  cadre: Cadre;
  departments: Unit[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>({
    ref: c.ref,
    name: c.name,
    post: c.post ?? '',
    rank: c.rank ?? '',
    departmentCode: c.departmentCode ?? '',
  });
  const [error, setError] = useState<unknown>(null);
  const save = () =>
    request('PATCH', `/cadres/${c.id}`, {
      body: {
        name: draft.name,
        post: draft.post.trim() || null,
        rank: draft.rank.trim() || null,
        departmentCode: draft.departmentCode || null,
      },
    }).then(onDone, setError);
  const field = (key: keyof Draft, label: string) => (
    <input
      aria-label={label}
      value={draft[key]}
      onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
    />
  );
  return (
    <tr data-testid="cadre-edit">
      <td className="data mono">{c.ref}</td>
      <td>{field('name', t('regName'))}</td>
      <td>{field('post', t('regPost'))}</td>
      <td>{field('rank', t('regRank'))}</td>
      <td>
        <DepartmentSelect
          departments={departments}
          value={draft.departmentCode}
          onChange={(v) => setDraft({ ...draft, departmentCode: v })}
        />
      </td>
      <td colSpan={2}>
        <button type="button" className="btn btn-small btn-primary" onClick={() => void save()}>
          {t('regSave')}
        </button>{' '}
        <button type="button" className="btn btn-small" onClick={onDone}>
          {t('regCancel')}
        </button>
        {error !== null && <ErrorNote error={error} />}
      </td>
    </tr>
  );
}

function DepartmentSelect({
  departments,
  value,
  onChange,
  id,
}: {
  departments: Unit[];
  value: string;
  onChange: (code: string) => void;
  id?: string;
}) {
  const { t } = useI18n();
  return (
    <select id={id} aria-label={t('regDepartment')} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('regNone')}</option>
      {departments.map((d) => (
        <option key={d.code} value={d.code}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

function AddForm({ unit, departments, onAdded }: { unit: Unit; departments: Unit[]; onAdded: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await request('POST', `/units/${encodeURIComponent(unit.code)}/cadres`, {
        body: {
          ref: draft.ref,
          name: draft.name,
          ...(draft.post.trim() && { post: draft.post }),
          ...(draft.rank.trim() && { rank: draft.rank }),
          ...(draft.departmentCode && { departmentCode: draft.departmentCode }),
        },
      });
      setDraft(EMPTY);
      onAdded();
    } catch (err) {
      setError(err);
    }
  };
  const field = (key: keyof Draft, label: string, required = false) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        required={required}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        data-testid={`add-${key}`}
      />
    </label>
  );
  return (
    <Panel title={t('regAddTitle')} id="register-add">
      <form className="filters" onSubmit={(e) => void submit(e)}>
        {field('ref', t('regRef'), true)}
        {field('name', t('regName'), true)}
        {field('post', t('regPost'))}
        {field('rank', t('regRank'))}
        <label className="field">
          <span className="field-label">{t('regDepartment')}</span>
          <DepartmentSelect
            departments={departments}
            value={draft.departmentCode}
            onChange={(v) => setDraft({ ...draft, departmentCode: v })}
          />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('regAdd')}
        </button>
      </form>
      {error !== null && <ErrorNote error={error} />}
    </Panel>
  );
}

function ImportForm({ unit, onImported }: { unit: Unit; onImported: () => void }) {
  const { t, lang } = useI18n();
  const fileInput = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CadreImportResult | null>(null);
  const [refused, setRefused] = useState<{ rows: number; refusals: Refusal[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileInput.current?.files?.[0];
    setResult(null);
    setRefused(null);
    setError(null);
    if (!file) return setProblem(t('regChooseFile'));
    setProblem(null);
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    try {
      const reply = await request<CadreImportResult>(
        'POST',
        `/units/${encodeURIComponent(unit.code)}/cadres/import${query({ dryRun: dryRun ? 'true' : undefined })}`,
        { form },
      );
      setResult(reply.data);
      if (!reply.data.dryRun) onImported();
    } catch (err) {
      const details =
        err instanceof ApiError
          ? (err.body.details as { refused?: Refusal[]; rows?: number } | undefined)
          : undefined;
      if (err instanceof ApiError && err.status === 422 && details?.refused) {
        setRefused({ rows: details.rows ?? 0, refusals: details.refused });
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const refusedRows = useMemo(() => new Set(refused?.refusals.map((r) => r.row)).size, [refused]);

  return (
    <Panel title={t('regImportTitle')} id="register-import">
      <form className="upload-form" onSubmit={(e) => void submit(e)} data-testid="import-form">
        <p className="help">{t('regImportHelp')}</p>
        <div className="field">
          <span className="field-label" id="reg-file-label">
            {t('regFile')}
          </span>
          <div className="file-pick">
            <input
              id="reg-file"
              type="file"
              accept=".xlsx,.csv"
              className="visually-hidden"
              ref={fileInput}
              disabled={busy}
              aria-labelledby="reg-file-label"
              onChange={(e) => setChosen(e.target.files?.[0]?.name ?? null)}
            />
            <label htmlFor="reg-file" className="btn btn-small">
              {t('regPick')}
            </label>
            <span className={chosen ? 'data' : 'muted'}>{chosen ?? t('regNoFile')}</span>
          </div>
        </div>
        <label className="check">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
          {t('regDryRun')}
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('regImport')}
        </button>
      </form>
      {problem && <p className="error-note">{problem}</p>}
      {error !== null && <ErrorNote error={error} />}
      {result && (
        <div role="status" data-testid="import-result">
          <p>
            {result.dryRun ? t('regChecked', { n: result.rows }) : t('regImported', { n: result.imported })}
          </p>
          {result.ignoredColumns.length > 0 && (
            <p className="muted">{t('regIgnored', { cols: result.ignoredColumns.join('、') })}</p>
          )}
        </div>
      )}
      {refused && (
        <div className="error-note" role="alert" data-testid="import-refused">
          <strong>{t('regRefusedTitle', { n: refusedRows, rows: refused.rows })}</strong>
          <table className="register">
            <thead>
              <tr>
                <th>{t('regRow')}</th>
                <th>{t('regColumn')}</th>
                <th>{t('regValue')}</th>
                <th>{t('regReason')}</th>
              </tr>
            </thead>
            <tbody>
              {refused.refusals.map((r) => (
                <tr key={`${r.row}-${r.column}-${r.problem}`} data-testid="refusal" data-row={r.row}>
                  <td>{r.row}</td>
                  <td>{lang === 'zh' ? (COLUMN_ZH[r.column] ?? r.header) : `${r.column} (${r.header})`}</td>
                  <td className="data">{r.value ?? t('regNone')}</td>
                  <td>
                    {lang !== 'zh'
                      ? r.reason
                      : r.otherRow !== undefined
                        ? `人员编号与第 ${r.otherRow} 行重复`
                        : (PROBLEM_ZH[r.problem] ?? r.reason)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
