import { useState } from 'react';
import { download, getBlob, saveBlob } from '../api/client';
import { ErrorNote } from '../common/ui';
import { useI18n } from '../i18n/i18n';

/**
 * Downloads the case's signed dossier (GET /cases/:id/dossier, with the bearer header) as a JSON
 * file, or the same dossier as a readable PDF in the workbench's language (GET /cases/:id/dossier.pdf).
 */
export function DossierLink({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (fetchIt: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fetchIt();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const json = () =>
    run(async () => saveBlob(await getBlob(`/cases/${caseId}/dossier`), `dossier-${caseId}.json`));
  const pdf = () => run(() => download(`/cases/${caseId}/dossier.pdf?lang=${lang}`, `dossier-${caseId}.pdf`));
  return (
    <span className="dossier-link">
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void json()}
        disabled={busy}
        data-testid="dossier"
      >
        ⤓ {t('dossierDownload')}
      </button>{' '}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void pdf()}
        disabled={busy}
        data-testid="dossier-pdf"
        title={t('dossierPdfHint')}
      >
        ⤓ {t('dossierPdf')}
      </button>
      {error !== null && <ErrorNote error={error} />}
    </span>
  );
}
