import { useEffect } from 'react';
import { ApiError, readEvents } from '../api/client';

const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 30_000;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      done();
    });
  });
}

/**
 * Follows the case's live stream (GET /cases/:id/stream) while the page is open and reports each
 * revision it announces; reconnects after a break (the first message after it is the current revision),
 * and gives up only when the case is not ours to read (401, 403, 404).
 */
export function useCaseStream(caseId: string, onRevision: (revision: number) => void): void {
  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      let wait = FIRST_RETRY_MS;
      while (!abort.signal.aborted) {
        try {
          await readEvents(
            `/cases/${caseId}/stream`,
            (data) => {
              wait = FIRST_RETRY_MS;
              const message = JSON.parse(data) as { revision?: unknown };
              if (typeof message.revision === 'number') onRevision(message.revision);
            },
            abort.signal,
          );
        } catch (error) {
          if (abort.signal.aborted) return;
          if (error instanceof ApiError && [401, 403, 404].includes(error.status)) return;
        }
        await pause(wait, abort.signal);
        wait = Math.min(wait * 2, LAST_RETRY_MS);
      }
    })();
    return () => abort.abort();
  }, [caseId, onRevision]);
}
