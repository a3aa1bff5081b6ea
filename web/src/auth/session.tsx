import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { API_BASE, configureClient } from '../api/client';

export interface User {
  sub: string;
  name: string;
  roles: string[];
  /** The unit code the token names (what the user reads: it and the units below it). */
  unit?: string;
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
    const { sub, name, roles, exp, unit } = claims;
    if (typeof sub !== 'string' || !Array.isArray(roles)) return null;
    if (typeof exp === 'number' && exp * 1000 < Date.now()) return null;
    return {
      sub,
      name: typeof name === 'string' ? name : sub,
      roles: roles.map(String),
      ...(typeof unit === 'string' && { unit }),
    };
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
    closeQueueBoard();
    setToken(null);
  }, []);
  const signIn = useCallback((t: string) => {
    const trimmed = t.trim();
    const user = decodeToken(trimmed);
    if (!user) return false;
    sessionStorage.setItem(KEY, trimmed);
    // A board cookie left by an earlier user of this browser goes; a board user gets one below.
    if (!mayOpenQueueBoard(user)) closeQueueBoard();
    setToken(trimmed);
    return true;
  }, []);
  // At sign-in, and again on a reload of a stored session (the cookie may have run out before the tab).
  useEffect(() => {
    const user = token ? decodeToken(token) : null;
    if (token && user && mayOpenQueueBoard(user)) openQueueBoard(token);
  }, [token]);
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

/**
 * The queue board at /admin/queues is a separate page (Bull Board) that cannot send a bearer token:
 * it reads the token from a cookie that the service sets (HttpOnly, so no script here ever reads it)
 * when asked with the token, and clears at sign-out. The catalogue grants the board to admins.
 */
const QUEUE_BOARD_SESSION = `${API_BASE}/auth/queue-board-session`;

function mayOpenQueueBoard(user: User): boolean {
  return user.roles.includes('admin');
}

/** The board's cookie requests, one after the other: a quick sign-out and sign-in keep their order. */
let queueBoardRequests: Promise<unknown> = Promise.resolve();

function queueBoardSession(init: RequestInit): void {
  // Failures stay quiet: the board answers 401 on its own, and the workbench does not depend on it.
  queueBoardRequests = queueBoardRequests.then(() => fetch(QUEUE_BOARD_SESSION, init)).catch(() => undefined);
}

function openQueueBoard(token: string): void {
  queueBoardSession({ method: 'POST', headers: { authorization: `Bearer ${token}` } });
}

function closeQueueBoard(): void {
  queueBoardSession({ method: 'DELETE' });
}

export function useSession(): Session {
  const value = useContext(Ctx);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
