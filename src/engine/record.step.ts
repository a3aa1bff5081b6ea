import type { EntityManager } from 'typeorm';
import type { Actor } from './actor';
import { historyRow } from './history/history-row';
import type { CaseEntity } from './persistence/case.entity';
import type { HotPathSql } from './persistence/hot-path.sql';
import { RevisionConflict } from './retry';
import type { MachineEvent } from './workflow.types';
import type { Applied } from './write-core.types';

/** A record row on a locked case: the chain moves on, the machine's snapshot and state stay. */
export async function appendRecord(
  sql: HotPathSql,
  m: EntityManager,
  row: CaseEntity,
  event: MachineEvent,
  actor: Actor,
  result: Applied,
): Promise<CaseEntity> {
  const history = historyRow(row, event, actor, row.state, row.state);
  const changes = {
    snapshot: row.snapshot,
    state: row.state,
    status: row.status,
    outcome: row.outcome,
    revision: history.seq,
    headHash: history.hash,
    updatedAt: event.at > row.updatedAt ? event.at : row.updatedAt,
  };
  if (!(await sql.writeStep(m, row.id, row.revision, changes, history))) throw new RevisionConflict();
  result.to = row.state;
  result.revision = history.seq;
  return { ...row, ...changes };
}
