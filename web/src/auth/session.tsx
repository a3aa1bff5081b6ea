import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { API_BASE, CLIENT_HEADER, configureClient } from '../api/client';

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
  /** The bearer token of this tab; null in a tab signed in by the browser's session cookie. */
  token: string | null;
  user: User | null;
  /** True while a tab without a token asks the service whether the browser is signed in (its cookie). */
  restoring: boolean;
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
  // A tab opened from a signed-in one (a deep link, a new tab) has no token of its own: the service's
  // session cookie (HttpOnly, set at sign-in) signs its requests, and GET /me says who it is.
  const [cookieUser, setCookieUser] = useState<User | null>(null);
  const [restoring, setRestoring] = useState(() => token === null);
  useEffect(() => {
    if (!restoring) return;
    let live = true;
    void whoByCookie().then((who) => {
      if (!live) return;
      setCookieUser(who);
      setRestoring(false);
    });
    return () => {
      live = false;
    };
  }, [restoring]);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY);
    closeSession();
    closeQueueBoard();
    setToken(null);
    setCookieUser(null);
  }, []);
  const signIn = useCallback((t: string) => {
    const trimmed = t.trim();
    const user = decodeToken(trimmed);
    if (!user) return false;
    sessionStorage.setItem(KEY, trimmed);
    openSession(trimmed);
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
    const user = token ? decodeToken(token) : cookieUser;
    return {
      token,
      user,
      restoring,
      signIn,
      signOut,
      hasRole: (...roles) => Boolean(user && user.roles.some((r) => roles.includes(r))),
    };
  }, [token, cookieUser, restoring, signIn, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

const SESSION = `${API_BASE}/auth/session`;

/** The session cookie's requests, one after the other: a quick sign-out and sign-in keep their order. */
let sessionRequests: Promise<unknown> = Promise.resolve();

function sessionRequest(init: RequestInit): void {
  // Failures stay quiet: this tab keeps its token, only other tabs would ask to sign in.
  // The answer's body is read to its end: an unread body keeps the request open in the browser.
  sessionRequests = sessionRequests
    .then(() => fetch(SESSION, init))
    .then((res) => res.arrayBuffer())
    .catch(() => undefined);
}

/** Asks the service to set the session cookie to the token (HttpOnly: no script reads it back). */
function openSession(token: string): void {
  sessionRequest({ method: 'POST', headers: { ...CLIENT_HEADER, authorization: `Bearer ${token}` } });
}

function closeSession(): void {
  sessionRequest({ method: 'DELETE', headers: CLIENT_HEADER });
}

/** Who the browser's session cookie signs in, or null (no cookie, or one that ran out). */
async function whoByCookie(): Promise<User | null> {
  try {
    await sessionRequests;
    const res = await fetch(`${API_BASE}/me`, { headers: { accept: 'application/json', ...CLIENT_HEADER } });
    if (!res.ok) {
      await res.arrayBuffer(); // read to its end, or the request stays open in the browser
      return null;
    }
    const me = (await res.json()) as { sub?: unknown; name?: unknown; roles?: unknown; unit?: unknown };
    if (typeof me.sub !== 'string' || !Array.isArray(me.roles)) return null;
    return {
      sub: me.sub,
      name: typeof me.name === 'string' ? me.name : me.sub,
      roles: me.roles.map(String),
      ...(typeof me.unit === 'string' && { unit: me.unit }),
    };
  } catch {
    return null;
  }
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
