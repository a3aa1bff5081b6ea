import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

interface CaseRow {
  id: string;
  subject_id: string;
  created_at: string;
}

interface SubjectRow {
  id: string;
  ref: string;
  kind: string;
  name: string;
  organisation: string | null;
  post: string | null;
}

type Fields = Pick<SubjectRow, 'kind' | 'name' | 'organisation' | 'post'>;

/**
 * A subject record per case (issue 19): a case keeps its subject as given at opening, and opening a
 * case never rewrites the record another case (of another unit) holds. Until now one row per `ref`
 * was shared by every case and overwritten by each opening. Each case gets its own row: the first
 * case of a shared row keeps it, the others get copies; each row takes the subject as the case's
 * OPEN history row gave it (where the workflow's input kept it) and the case's opening time, and the
 * case's measures follow it. The lifelong record (GET /subjects/:id) joins the rows of one `ref`.
 */
export class SubjectPerCase1764719000000 implements MigrationInterface {
  name = 'SubjectPerCase1764719000000';

  async up(q: QueryRunner): Promise<void> {
    const $ = placeholders(q);
    await q.query('DROP INDEX "UQ_subject_ref"');
    await q.query('CREATE INDEX "IDX_subject_ref" ON "subject" ("ref")');
    const cases = (await q.query(
      'SELECT id, subject_id, created_at FROM "case" ORDER BY created_at, id',
    )) as CaseRow[];
    const taken = new Set<string>();
    for (const c of cases) {
      const [subject] = (await q.query(
        `SELECT id, ref, kind, name, organisation, post FROM subject WHERE id = ${$(1)}`,
        [c.subject_id],
      )) as SubjectRow[];
      if (!subject) continue;
      const fields = (await openedWith(q, c.id, subject.ref)) ?? subject;
      const values = [fields.kind, fields.name, fields.organisation ?? null, fields.post ?? null];
      if (!taken.has(subject.id)) {
        taken.add(subject.id);
        await q.query(
          `UPDATE subject SET kind = ${$(1)}, name = ${$(2)}, organisation = ${$(3)}, post = ${$(4)},
             created_at = ${$(5)}, updated_at = ${$(6)} WHERE id = ${$(7)}`,
          [...values, c.created_at, c.created_at, subject.id],
        );
        continue;
      }
      const id = randomUUID();
      await q.query(
        `INSERT INTO subject (id, ref, kind, name, organisation, post, created_at, updated_at)
         VALUES (${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}, ${$(7)}, ${$(8)})`,
        [id, subject.ref, ...values, c.created_at, c.created_at],
      );
      await q.query(`UPDATE "case" SET subject_id = ${$(1)} WHERE id = ${$(2)}`, [id, c.id]);
      await q.query(`UPDATE measure SET subject_id = ${$(1)} WHERE case_id = ${$(2)}`, [id, c.id]);
    }
  }

  /** One row per `ref` again (the earliest), holding the latest case's subject; the copies go. */
  async down(q: QueryRunner): Promise<void> {
    const $ = placeholders(q);
    const rows = (await q.query(
      'SELECT s.id, s.ref FROM subject s ORDER BY s.ref, s.created_at, s.id',
    )) as SubjectRow[];
    const kept = new Map<string, string>();
    for (const row of rows) {
      const keep = kept.get(row.ref);
      if (!keep) {
        kept.set(row.ref, row.id);
        continue;
      }
      await q.query(`UPDATE "case" SET subject_id = ${$(1)} WHERE subject_id = ${$(2)}`, [keep, row.id]);
      await q.query(`UPDATE measure SET subject_id = ${$(1)} WHERE subject_id = ${$(2)}`, [keep, row.id]);
      await q.query(
        `UPDATE subject SET (kind, name, organisation, post, updated_at) =
           (SELECT kind, name, organisation, post, created_at FROM subject WHERE id = ${$(1)}) WHERE id = ${$(2)}`,
        [row.id, keep],
      );
      await q.query(`DELETE FROM subject WHERE id = ${$(1)}`, [row.id]);
    }
    await q.query('DROP INDEX "IDX_subject_ref"');
    await q.query('CREATE UNIQUE INDEX "UQ_subject_ref" ON "subject" ("ref")');
  }
}

function placeholders(q: QueryRunner): (i: number) => string {
  return q.connection.options.type === 'postgres' ? (i) => `$${i}` : () => '?';
}

/** The subject as the case's OPEN row recorded it, when the workflow's input kept it (with this ref). */
async function openedWith(q: QueryRunner, caseId: string, ref: string): Promise<Fields | null> {
  const $ = placeholders(q);
  const [row] = (await q.query(`SELECT payload FROM transition WHERE case_id = ${$(1)} AND seq = 1`, [
    caseId,
  ])) as { payload: string }[];
  if (!row) return null;
  const subject = (JSON.parse(row.payload) as { subject?: Partial<SubjectRow> }).subject;
  if (!subject || subject.ref !== ref || typeof subject.name !== 'string') return null;
  if (subject.kind !== 'individual' && subject.kind !== 'organisation') return null;
  return {
    kind: subject.kind,
    name: subject.name,
    organisation: typeof subject.organisation === 'string' ? subject.organisation : null,
    post: typeof subject.post === 'string' ? subject.post : null,
  };
}
