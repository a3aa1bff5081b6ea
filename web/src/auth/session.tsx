import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { configureClient } from '../api/client';

export interface User {
  sub: string;
  name: string;
  roles: string[];
}

const KEY = 'wenze.token';

/** The claims of a JWT, unverified: the service verifies it on every request. */
export function decodeToken(token: string): User | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const { sub, name, roles, exp } = claims;
    if (typeof sub !== 'string' || !Array.isArray(roles)) return null;
    if (typeof exp === 'number' && exp * 1000 < Date.now()) return null;
    return { sub, name: typeof name === 'string' ? name : sub, roles: roles.map(String) };
  } catch {
    return null;
  }
}

interface Session {
  token: string | null;
  user: User | null;
  signIn(token: string): boolean;
  signOut(): void;
  hasRole(...roles: string[]): boolean;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => {
    const stored = sessionStorage.getItem(KEY);
    return stored && decodeToken(stored) ? stored : null;
  });
  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setQueueBoardCookie(null);
    setToken(null);
  }, []);
  const signIn = useCallback((t: string) => {
    const trimmed = t.trim();
    const user = decodeToken(trimmed);
    if (!user) return false;
    sessionStorage.setItem(KEY, trimmed);
    setQueueBoardCookie(user.roles.includes('admin') ? trimmed : null);
    setToken(trimmed);
    return true;
  }, []);
  // Configure the client during render so the first requests of the children carry the token.
  configureClient(token, signOut);
  useEffect(() => configureClient(token, signOut), [token, signOut]);
  const value = useMemo<Session>(() => {
    const user = token ? decodeToken(token) : null;
    return {
      token,
      user,
      signIn,
      signOut,
      hasRole: (...roles) => Boolean(user && user.roles.some((r) => roles.includes(r))),
    };
  }, [token, signIn, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The queue board at /admin/queues is a separate page: it reads an admin's token from this cookie. */
function setQueueBoardCookie(token: string | null): void {
  document.cookie = token
    ? `wenze_token=${encodeURIComponent(token)}; path=/admin; SameSite=Strict`
    : 'wenze_token=; path=/admin; max-age=0; SameSite=Strict';
}

export function useSession(): Session {
  const value = useContext(Ctx);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
