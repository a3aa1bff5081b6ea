import { isRecordEvent } from '../engine/history/record-event';
import type { TransitionEntity } from '../engine/persistence/transition.entity';
import type { BlobStore } from '../files/blob.store';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The files a case's chain records (record.* rows whose payload names a `sha256`: attachments, issued
 * documents) checked against the store: each must still be there and still hash to what was recorded.
 * The chain proves the hash; this proves the bytes kept are the bytes that were recorded. A file found
 * intact and unchanged on disk since (BlobStore.check) is not read again: `filesHashed` counts those read.
 */
export async function checkStoredFiles(
  rows: TransitionEntity[],
  blobs: BlobStore,
  problems: string[],
): Promise<{ filesChecked: number; filesHashed: number; filesIntact: boolean }> {
  const verdicts = new Map<string, 'intact' | 'missing' | 'altered'>();
  let filesChecked = 0;
  let filesHashed = 0;
  let filesIntact = true;
  for (const row of rows) {
    if (!isRecordEvent(row.type)) continue;
    const payload = JSON.parse(row.payload) as { sha256?: unknown; name?: unknown };
    if (typeof payload.sha256 !== 'string' || !SHA256.test(payload.sha256)) continue;
    const sha256 = payload.sha256;
    let verdict = verdicts.get(sha256);
    if (!verdict) {
      const check = await blobs.check(sha256);
      if (check.hashed) filesHashed++;
      verdict = check.intact ? 'intact' : (await blobs.has(sha256)) ? 'altered' : 'missing';
      verdicts.set(sha256, verdict);
    }
    filesChecked++;
    if (verdict === 'intact') continue;
    filesIntact = false;
    const what = typeof payload.name === 'string' ? `the file "${payload.name}"` : 'the file';
    problems.push(
      verdict === 'missing'
        ? `seq ${row.seq}: ${what} (SHA-256 ${sha256}) is missing from the file store`
        : `seq ${row.seq}: ${what} no longer hashes to its recorded SHA-256 ${sha256}: the stored bytes were changed`,
    );
  }
  return { filesChecked, filesHashed, filesIntact };
}
