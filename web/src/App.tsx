import { lazy, Suspense } from 'react';
import { SignIn } from './auth/SignIn';
import { useSession } from './auth/session';
import { CaseList } from './cases/CaseList';
import { Link, useLocation } from './common/router';
import { Loading } from './common/ui';
import { useI18n } from './i18n/i18n';
import { useInbox } from './inbox/inbox';
import { NoticeBell } from './notices/NoticeBell';
import { UnitName } from './common/UnitName';

// Pages besides sign-in and the case list load as chunks of their own, when first shown.
const CasePage = lazy(() => import('./case/CasePage').then((m) => ({ default: m.CasePage })));
const OpenCaseForm = lazy(() => import('./cases/OpenCaseForm').then((m) => ({ default: m.OpenCaseForm })));
const AuditSearch = lazy(() => import('./audit/AuditSearch').then((m) => ({ default: m.AuditSearch })));
const Inbox = lazy(() => import('./inbox/Inbox').then((m) => ({ default: m.Inbox })));
const Dashboard = lazy(() => import('./dashboard/Dashboard').then((m) => ({ default: m.Dashboard })));
// (with the charts, Recharts, which only this page uses)
const AccessLogPage = lazy(() =>
  import('./accesslog/AccessLogPage').then((m) => ({ default: m.AccessLogPage })),
);
const IndicesPage = lazy(() => import('./indices/IndicesPage').then((m) => ({ default: m.IndicesPage })));
const RegisterPage = lazy(() => import('./register/RegisterPage').then((m) => ({ default: m.RegisterPage })));

const SUPERVISION = ['supervisor', 'admin', 'leader'];
/** Who may read GET /indices (the catalogue's `indices` access). */
const INDICES = ['supervisor', 'admin', 'leader', 'committee', 'principal', 'disciplineHead'];
/** Who may read the cadre register (the catalogue's `readRegister` access). */
const REGISTER = ['officer', 'leader', 'committee', 'supervisor', 'admin', 'principal', 'disciplineHead'];

/** 我的待办 in the navigation, with how many cases wait for the user (again after each move). */
function InboxLink({ current }: { current: 'page' | undefined }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const { items } = useInbox(path);
  return (
    <Link href="/inbox" aria-current={current}>
      {t('navInbox')}
      {items && items.length > 0 && (
        <span className="nav-count" data-testid="inbox-count" title={t('inboxCount', { n: items.length })}>
          {items.length}
        </span>
      )}
    </Link>
  );
}

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
          <InboxLink current={current('/inbox')} />
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
          {hasRole('supervisor', 'admin') && (
            <Link href="/access-log" aria-current={current('/access-log')}>
              {t('navAccessLog')}
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
          {hasRole(...REGISTER) && (
            <Link href="/register" aria-current={current('/register')}>
              {t('navRegister')}
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
          lang={lang === 'en' ? 'zh-CN' : 'en'}
        >
          {lang === 'en' ? '中文' : 'English'}
        </button>
        {user && (
          <>
            <NoticeBell />
            <span className="who" data-testid="who">
              <span className="data">{user.name}</span> · {user.roles.map((r) => term('value', r)).join(', ')}
              {user.unit && (
                <>
                  {' · '}
                  <UnitName code={user.unit} />
                </>
              )}
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
  if (path === '/inbox') return <Inbox />;
  if (path === '/audit') return hasRole('supervisor', 'admin') ? <AuditSearch /> : <p>{t('forbidden')}</p>;
  if (path === '/access-log')
    return hasRole('supervisor', 'admin') ? <AccessLogPage /> : <p>{t('forbidden')}</p>;
  if (path === '/dashboard') return hasRole(...SUPERVISION) ? <Dashboard /> : <p>{t('forbidden')}</p>;
  if (path === '/indices') return hasRole(...INDICES) ? <IndicesPage /> : <p>{t('forbidden')}</p>;
  if (path === '/register') return hasRole(...REGISTER) ? <RegisterPage /> : <p>{t('forbidden')}</p>;
  return <p>{t('notFound')}</p>;
}

export function App() {
  const { user, restoring } = useSession();
  return (
    <>
      <Nav />
      <main id="main" tabIndex={-1}>
        {user ? (
          <Suspense fallback={<Loading />}>
            <Routes />
          </Suspense>
        ) : restoring ? (
          <Loading />
        ) : (
          <SignIn />
        )}
      </main>
    </>
  );
}
