import type { Dispatch, SetStateAction } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * Previous / next over cursor pages. `cursors` is the trail of cursors that led to the current page
 * (the first is null); going forward appends the page's nextCursor, going back drops the last one.
 */
export function Pager({
  cursors,
  setCursors,
  nextCursor,
}: {
  cursors: (string | null)[];
  setCursors: Dispatch<SetStateAction<(string | null)[]>>;
  nextCursor: string | null;
}) {
  const { t } = useI18n();
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        className="btn"
        disabled={cursors.length < 2}
        onClick={() => setCursors((c) => c.slice(0, -1))}
      >
        ← {t('prevPage')}
      </button>
      <span>{t('pageN', { n: cursors.length })}</span>
      <button
        type="button"
        className="btn"
        disabled={!nextCursor}
        onClick={() => setCursors((c) => [...c, nextCursor])}
      >
        {t('nextPage')} →
      </button>
    </nav>
  );
}
