import type { CaseEntity } from '../persistence/case.entity';
import type { TransitionEntity } from '../persistence/transition.entity';
import { chainHash, GENESIS_HASH } from './hash-chain';

/**
 * The first seq whose row does not fit the case's hash chain, if any (a gap, a changed row, a row
 * missing at the end), with what is wrong in `problems`. Rows in seq order.
 */
export function chainBreak(
  c: Pick<CaseEntity, 'revision' | 'headHash'>,
  rows: readonly TransitionEntity[],
  problems: string[] = [],
): number | undefined {
  let prev = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    const fail = (why: string) => {
      problems.push(`seq ${row.seq}: ${why}`);
      return row.seq;
    };
    if (row.seq !== i + 1) {
      // A gap: the chain breaks at the first seq that is missing, not at the row after it.
      problems.push(`seq ${i + 1}: missing or out of place (the next row found is seq ${row.seq})`);
      return i + 1;
    }
    if (row.prevHash !== prev) return fail('prevHash does not match the previous row');
    if (chainHash(row) !== row.hash) return fail('hash does not match the row contents');
    prev = row.hash;
  }
  if (rows.length !== c.revision || prev !== c.headHash) {
    problems.push(`the case is at revision ${c.revision} but the chain ends at seq ${rows.length}`);
    return rows.length + 1;
  }
  return undefined;
}
