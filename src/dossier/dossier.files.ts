import type { HistoryEntry } from '../audit/audit.service';
import { isRecordEvent } from '../engine/history/record-event';

/** A file the case's chain records, as the dossier lists it (the bytes are fetched separately). */
export interface DossierFile {
  seq: number;
  type: string;
  name: string;
  sha256: string;
  size: number;
  mediaType: string;
  kind?: string;
}

/**
 * The files recorded on the chain (record.* rows with a sha256: attachments, documents). The dossier
 * lists them, not their bytes (up to ATTACHMENT_MAX_BYTES each would swell the signed JSON); the
 * offline check (scripts/verify-dossier.mjs --files DIR) matches downloaded files against these hashes.
 */
export function dossierFiles(history: HistoryEntry[]): DossierFile[] {
  const files: DossierFile[] = [];
  for (const row of history) {
    const p = row.payload as Partial<Record<'name' | 'sha256' | 'mediaType' | 'kind', unknown>> & {
      size?: unknown;
    };
    if (!isRecordEvent(row.type) || typeof p.sha256 !== 'string') continue;
    files.push({
      seq: row.seq,
      type: row.type,
      name: typeof p.name === 'string' ? p.name : p.sha256,
      sha256: p.sha256,
      size: typeof p.size === 'number' ? p.size : 0,
      mediaType: typeof p.mediaType === 'string' ? p.mediaType : 'application/octet-stream',
      ...(typeof p.kind === 'string' ? { kind: p.kind } : {}),
    });
  }
  return files;
}
