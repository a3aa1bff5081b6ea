import { lazy, Suspense } from 'react';
import { AuditSearch } from './audit/AuditSearch';
import { SignIn } from './auth/SignIn';
import { useSession } from './auth/session';
import { CasePage } from './case/CasePage';
import { CaseList } from './cases/CaseList';
import { OpenCaseForm } from './cases/OpenCaseForm';
import { Link, useLocation } from './common/router';
import { Dashboard } from './dashboard/Dashboard';
import { Loading } from './common/ui';
import { useI18n } from './i18n/i18n';

// Its own chunk: the charts (Recharts) load only with the page.
const IndicesPage = lazy(() => import('./indices/IndicesPage').then((m) => ({ default: m.IndicesPage })));

const SUPERVISION = ['supervisor', 'admin', 'leader'];
/** Who may read GET /indices (the catalogue's `indices` access). */
const INDICES = ['supervisor', 'admin', 'leader', 'committee', 'principal', 'disciplineHead'];

function Nav() {
  const { t, term, lang, setLang } = useI18n();
  const { user, signOut, hasRole } = useSession();
  const { path } = useLocation();
  const current = (href: string) => (path === href ? 'page' : undefined);
  return (
    <header className="topbar">
      <a className="skip" href="#main">
        {t('skipToContent')}
      </a>
      <Link href="/" className="brand">
        问责 <span>Wenze</span>
      </Link>
      {user && (
        <nav aria-label="Main">
          <Link href="/" aria-current={current('/')}>
            {t('navCases')}
          </Link>
          {hasRole('officer', 'integration') && (
            <Link href="/cases/new" aria-current={current('/cases/new')}>
              {t('navOpen')}
            </Link>
          )}
          {hasRole('supervisor', 'admin') && (
            <Link href="/audit" aria-current={current('/audit')}>
              {t('navAudit')}
            </Link>
          )}
          {hasRole(...SUPERVISION) && (
            <Link href="/dashboard" aria-current={current('/dashboard')}>
              {t('navDashboard')}
            </Link>
          )}
          {hasRole(...INDICES) && (
            <Link href="/indices" aria-current={current('/indices')}>
              {t('navIndices')}
            </Link>
          )}
          {hasRole('admin') && (
            // A separate page (Bull Board), so a plain link rather than an in-app route.
            <a href="/admin/queues" target="_blank" rel="noreferrer">
              {t('navQueues')}
            </a>
          )}
        </nav>
      )}
      <div className="topbar-end">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setLang(lang === 'en' ? 'zh' : 'en')}
          aria-label={`${t('language')}: ${lang === 'en' ? '中文' : 'English'}`}
        >
          {lang === 'en' ? '中文' : 'English'}
        </button>
        {user && (
          <>
            <span className="who" data-testid="who">
              {user.name} · {user.roles.map((r) => term('value', r)).join(', ')}
              {user.unit && ` · ${user.unit}`}
            </span>
            <button type="button" className="btn btn-small" onClick={signOut}>
              {t('signOut')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}

function Routes() {
  const { path } = useLocation();
  const { t } = useI18n();
  const { hasRole } = useSession();
  const caseMatch = /^\/cases\/([0-9a-f-]{36})$/i.exec(path);
  if (caseMatch) return <CasePage key={caseMatch[1]} caseId={caseMatch[1]} />;
  if (path === '/' || path === '/cases') return <CaseList />;
  if (path === '/cases/new') return <OpenCaseForm />;
  if (path === '/audit') return hasRole('supervisor', 'admin') ? <AuditSearch /> : <p>{t('forbidden')}</p>;
  if (path === '/dashboard') return hasRole(...SUPERVISION) ? <Dashboard /> : <p>{t('forbidden')}</p>;
  if (path === '/indices')
    return hasRole(...INDICES) ? (
      <Suspense fallback={<Loading />}>
        <IndicesPage />
      </Suspense>
    ) : (
      <p>{t('forbidden')}</p>
    );
  return <p>{t('notFound')}</p>;
}

export function App() {
  const { user } = useSession();
  return (
    <>
      <Nav />
      <main id="main" tabIndex={-1}>
        {user ? <Routes /> : <SignIn />}
      </main>
    </>
  );
}
