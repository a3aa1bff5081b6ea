/**
 * Facts recorded on a case's hash chain that are not events of its machine — a file attached, a
 * document issued, an urging — carry a type with this prefix. They move the chain, never the state:
 * replay passes over them, and no workflow may declare an event of that name.
 */
export const RECORD_PREFIX = 'record.';

export function isRecordEvent(type: string): boolean {
  return type.startsWith(RECORD_PREFIX);
}

/**
 * A kind of record, declared by the capability that writes it, with the reach rule of events
 * (Jurisdiction.assertActs): `own` — only users of the case's handling unit record it; `above` —
 * also users of the units above (e.g. an urging 督办, the higher unit's own business).
 */
export interface RecordKind {
  type: `${typeof RECORD_PREFIX}${string}`;
  reach: 'own' | 'above';
}

/** Whether the caller's unit may record this kind on a case of `caseUnit` they read (see RecordKind). */
export function mayRecord(kind: RecordKind, actor: { unit?: string }, caseUnit: string): boolean {
  return kind.reach === 'above' || actor.unit === caseUnit;
}
