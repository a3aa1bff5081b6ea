import { useState } from 'react';
import { getBlob } from '../api/client';
import { ErrorNote } from '../common/ui';
import { useI18n } from '../i18n/i18n';

/** Downloads the case's signed dossier (GET /cases/:id/dossier, with the bearer header) as a file. */
export function DossierLink({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await getBlob(`/cases/${caseId}/dossier`);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `dossier-${caseId}.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="dossier-link">
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void download()}
        disabled={busy}
        data-testid="dossier"
      >
        ⤓ {t('dossierDownload')}
      </button>
      {error !== null && <ErrorNote error={error} />}
    </span>
  );
}
