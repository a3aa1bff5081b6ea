import { ATTACHMENT_RECORD } from '../attachments/attachments.service';
import { beijingTime } from '../cases/cases.export';
import { DOCUMENT_RECORD } from '../documents/document.issuing';
import { documentLedger } from '../documents/document.ledger';
import type { Label } from '../engine/event.types';
import type { CatalogueTerms } from '../engine/workflow.types';
import type { SignedDossier } from './dossier.service';
import { wordsOf, type DossierLang } from './dossier.words';

/*
 * The signed dossier as a reader reads it, in one language: a cover of label–value lines, tables
 * (history, time limits, attachments, documents, linked cases) and the signature block. Words only;
 * dossier.pdf.ts lays it out.
 */

/** A table column: its heading, its share of the width, and whether it holds hashes (set in a fixed-width face). */
export interface SheetColumn {
  label: string;
  width: number;
  mono?: boolean;
}

export interface SheetTable {
  heading: string;
  columns: SheetColumn[];
  rows: string[][];
  /** Printed instead of an empty table. */
  empty: string;
}

export interface SheetLine {
  label: string;
  value: string;
  mono?: boolean;
}

export interface DossierSheet {
  title: string;
  subtitle: string;
  /** Printed at the top of every page after the first (the case number). */
  running: string;
  coverHeading: string;
  cover: SheetLine[];
  tables: SheetTable[];
  signatureHeading: string;
  signature: SheetLine[];
  check: string;
  /** "Page {n} of {m}" with the placeholders left in. */
  pageLabel: string;
}

/** What names the things the dossier holds by code: workflows and their terms, units, roles. */
export interface SheetNames {
  terms?: CatalogueTerms;
  workflowTitle(name: string): Label;
  unit(code: string): string;
  role(id: string): Label | undefined;
}

const ABBREVIATED = 12;

/** A SHA-256 in two lines of 32 characters (a table column is narrower than 64), to be read off in halves. */
const halves = (hex: string) => `${hex.slice(0, 32)}\n${hex.slice(32)}`;

/** A byte count as people read it: 12.3 KB. */
function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function dossierSheet(
  signed: SignedDossier,
  lang: DossierLang,
  names: SheetNames,
  embedded: { file: string; digest: string },
): DossierSheet {
  const w = wordsOf(lang);
  const { dossier, signature } = signed;
  const c = dossier.case;
  const pick = (label: Label) => label[lang];
  const zh = lang === 'zh';
  /** An aside in brackets and a colon, as each language writes them. */
  const par = (text: string) => (zh ? `（${text}）` : ` (${text})`);
  const colon = zh ? '：' : ': ';
  const terms = names.terms;
  const time = (iso: string | null | undefined) => (iso ? beijingTime(iso) : '—');
  const state = (workflow: string, path: string) => (terms ? pick(terms.state(workflow, path)) : path);
  const event = (type: string) => (terms ? pick(terms.event(c.workflow, type)) : type);
  const value = (key: string) => {
    const label = terms?.value(c.workflow, key);
    return label ? pick(label) : key;
  };
  const actor = (sub: string, roles: readonly string[]) => {
    if (sub === 'system:deadline') return w('actorDeadline');
    if (sub === 'system:linked-case') return w('actorLinkedCase');
    if (sub.startsWith('system:')) return w('actorSystem');
    const role = roles.map((r) => names.role(r)).find((l) => l !== undefined);
    // The role on a line of its own: a login id and a role rarely share a narrow column's line.
    return role ? `${sub}\n${par(pick(role)).trim()}` : sub;
  };
  const closedRow =
    c.status === 'closed' ? dossier.history.filter((h) => !h.type.startsWith('record.')).at(-1) : undefined;
  const subject = c.subject
    ? [c.subject.name, c.subject.organisation, c.subject.post].filter(Boolean).join(zh ? '，' : ', ')
    : '—';
  const status = `${w(c.status === 'active' ? 'active' : 'closed')}${
    c.outcome ? `${zh ? '；' : '; '}${w('outcome')}${colon}${value(c.outcome)}` : ''
  }`;
  const cover: SheetLine[] = [
    { label: w('caseNo'), value: c.caseNo ?? c.businessKey },
    ...(c.caseNo ? [{ label: w('businessKey'), value: c.businessKey }] : []),
    { label: w('caseTitle'), value: c.title },
    { label: w('unit'), value: names.unit(c.unitId) },
    { label: w('subject'), value: subject },
    {
      label: w('procedure'),
      value: `${pick(names.workflowTitle(c.workflow))}${par(w('version', { n: c.workflowVersion }))}`,
    },
    { label: w('state'), value: `${state(c.workflow, c.state)}${par(status)}` },
    { label: w('opened'), value: `${time(c.createdAt)}${par(w('beijing'))}` },
    {
      label: w('closedAt'),
      value: closedRow ? `${time(closedRow.at)}${par(w('beijing'))}` : w('notClosed'),
    },
    { label: w('exported'), value: `${time(dossier.exportedAt)}${par(w('beijing'))}` },
    { label: w('exportedBy'), value: dossier.exportedBy },
    {
      label: w('verification'),
      value: w('verified', { n: dossier.verification.checked, f: dossier.verification.filesChecked }),
    },
  ];

  const detail = (type: string, payload: unknown): string => {
    const p = (payload ?? {}) as Record<string, unknown>;
    const text = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
    if (type === DOCUMENT_RECORD.type || type.startsWith(`${DOCUMENT_RECORD.type}.`)) {
      const what = [text('title'), text('number')].filter(Boolean).join(' ');
      return what ? `${colon}${what}` : '';
    }
    if (type === ATTACHMENT_RECORD.type && text('name')) return `${colon}${text('name')}`;
    return '';
  };
  const history: SheetTable = {
    heading: `${w('history')}${par(w('beijing'))}`,
    columns: [
      // Widths fit a time, an abbreviated hash and a stage's longer English names on one line.
      { label: w('seq'), width: 0.055 },
      { label: w('time'), width: 0.165 },
      { label: w('event'), width: 0.25 },
      { label: w('actor'), width: 0.21 },
      { label: w('after'), width: 0.165 },
      { label: w('hash'), width: 0.155, mono: true },
    ],
    rows: dossier.history.map((h) => [
      String(h.seq),
      time(h.at),
      `${event(h.type)}${detail(h.type, h.payload)}`,
      actor(h.actor.sub, h.actor.roles),
      state(c.workflow, h.to),
      `${h.hash.slice(0, ABBREVIATED)}…`,
    ]),
    empty: w('none'),
  };

  const deadline = (kind: string) => {
    const label = terms?.deadline(c.workflow, kind);
    return label ? pick(label) : kind;
  };
  const deadlines: SheetTable = {
    heading: w('deadlines'),
    columns: [
      { label: w('limit'), width: 0.34 },
      { label: w('dueAt'), width: 0.22 },
      { label: w('status'), width: 0.22 },
      { label: w('settledAt'), width: 0.22 },
    ],
    rows: c.deadlines.map((d) => [
      deadline(d.kind),
      time(d.dueAt),
      `${w(d.overdue ? 'overdue' : (d.status as 'pending' | 'fired' | 'cancelled'))}${
        d.provisional && d.status === 'pending' ? par(w('provisional')) : ''
      }`,
      time(d.settledAt),
    ]),
    empty: w('none'),
  };

  const recordedAt = new Map(dossier.history.map((h) => [h.seq, h.at]));
  const attachments: SheetTable = {
    heading: w('attachments'),
    columns: [
      { label: w('name'), width: 0.24 },
      { label: w('kind'), width: 0.13 },
      { label: w('size'), width: 0.09 },
      { label: w('recordedAt'), width: 0.18 },
      { label: 'SHA-256', width: 0.36, mono: true },
    ],
    rows: dossier.files
      .filter((f) => f.type === ATTACHMENT_RECORD.type)
      .map((f) => [
        f.name,
        f.kind ? value(f.kind) : '—',
        sizeOf(f.size),
        time(recordedAt.get(f.seq)),
        f.sha256,
      ]),
    empty: w('none'),
  };

  const ledger = documentLedger(
    dossier.history.map((h) => ({
      seq: h.seq,
      type: h.type,
      at: h.at,
      actor: h.actor.sub,
      payload: h.payload,
    })),
  );
  const documents: SheetTable = {
    heading: w('documents'),
    columns: [
      { label: w('document'), width: 0.16 },
      { label: w('number'), width: 0.21 },
      { label: w('issuedAt'), width: 0.17 },
      { label: w('status'), width: 0.1 },
      { label: 'SHA-256', width: 0.36, mono: true },
    ],
    rows: ledger.issued.map((d) => [
      d.title,
      d.number,
      time(d.issuedAt),
      d.voided ? w('voided', { at: time(d.voided.at), reason: d.voided.reason }) : w('inForce'),
      halves(d.sha256),
    ]),
    empty: w('none'),
  };

  const links: SheetTable = {
    heading: w('links'),
    columns: [
      { label: w('relation'), width: 0.2 },
      { label: w('direction'), width: 0.16 },
      { label: w('otherCase'), width: 0.32 },
      { label: w('procedure'), width: 0.14 },
      { label: w('state'), width: 0.18 },
    ],
    rows: c.links.map((l) => [
      value(l.relation),
      w(l.direction === 'opened' ? 'linkOpened' : 'linkOpenedBy'),
      l.title ?? l.caseId,
      pick(names.workflowTitle(l.workflow)),
      l.state ? state(l.workflow, l.state) : '—',
    ]),
    empty: w('none'),
  };

  return {
    title: w('title'),
    subtitle: w('subtitle'),
    running: `${w('title')} · ${c.caseNo ?? c.businessKey}`,
    coverHeading: w('cover'),
    cover,
    tables: [history, deadlines, attachments, documents, links],
    signatureHeading: w('signature'),
    signature: [
      { label: w('digest'), value: embedded.digest, mono: true },
      { label: w('alg'), value: signature.alg },
      { label: w('keyId'), value: signature.keyId, mono: true },
      { label: w('value'), value: signature.value, mono: true },
    ],
    check: w('check', { file: embedded.file }),
    pageLabel: w('page', { n: '{n}', m: '{m}' }),
  };
}
