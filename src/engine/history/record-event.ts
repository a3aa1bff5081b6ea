/**
 * Facts recorded on a case's hash chain that are not events of its machine — a file attached, a
 * document issued, an urging — carry a type with this prefix. They move the chain, never the state:
 * replay passes over them, and no workflow may declare an event of that name.
 */
export const RECORD_PREFIX = 'record.';

export function isRecordEvent(type: string): boolean {
  return type.startsWith(RECORD_PREFIX);
}
