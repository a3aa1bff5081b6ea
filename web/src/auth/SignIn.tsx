import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../api/client';
import type { DemoUser } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';

/** A token field, and the demo users when the service offers the development sign-in. */
export function SignIn() {
  const { t, term } = useI18n();
  const session = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState<DemoUser[] | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    get<DemoUser[]>('/auth/dev-users', ctl.signal).then(setDemo, (e: unknown) => {
      if (!(e instanceof ApiError && e.status === 404) && !ctl.signal.aborted) setDemo(null);
    });
    return () => ctl.abort();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(session.signIn(token) ? null : t('tokenInvalid'));
  };

  const devLogin = async (sub: string) => {
    try {
      const { token: issued } = await post<{ token: string }>('/auth/dev-login', { sub });
      session.signIn(issued);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="signin">
      <h1>{t('signInTitle')}</h1>
      <form onSubmit={submit} className="panel">
        <label htmlFor="token">{t('signInToken')}</label>
        <textarea
          id="token"
          rows={4}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby="token-help"
          spellCheck={false}
        />
        <p id="token-help" className="help">
          {t('signInTokenHelp')}
        </p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary">
          {t('signInWithToken')}
        </button>
      </form>
      {demo && demo.length > 0 && (
        <section className="panel" aria-labelledby="dev-heading">
          <h2 id="dev-heading">{t('devSignIn')}</h2>
          <p className="help">{t('devSignInHelp')}</p>
          <ul className="demo-users">
            {demo.map((u) => (
              <li key={u.sub}>
                <button
                  type="button"
                  className="btn"
                  data-sub={u.sub}
                  onClick={() => void devLogin(u.sub)}
                  aria-label={t('signInAs', { name: u.name })}
                >
                  <span className="demo-name">{u.name}</span>
                  <span className="demo-roles">{u.roles.map((r) => term('value', r)).join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
