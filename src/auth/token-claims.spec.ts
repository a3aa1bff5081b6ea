import { checkLifetime, claimAt, DEFAULT_CLAIMS, toActor, TokenInvalid } from './token-claims';

const KNOWN = new Set(['officer', 'leader', 'admin']);
const KEYCLOAK = { name: 'name', roles: 'realm_access.roles', unit: 'unit' };
const NOW = 1_800_000_000;

function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenInvalid);
    return (error as Error).message;
  }
  throw new Error('expected a TokenInvalid');
}

describe('claimAt', () => {
  const payload = {
    roles: ['officer'],
    realm_access: { roles: ['leader', 'offline_access'] },
    'https://example.org/roles': ['admin'],
    list: [{ a: 1 }],
  };

  it('reads a top-level claim, a dotted path into objects, and a namespaced claim whose name has dots', () => {
    expect(claimAt(payload, 'roles')).toEqual(['officer']);
    expect(claimAt(payload, 'realm_access.roles')).toEqual(['leader', 'offline_access']);
    expect(claimAt(payload, 'https://example.org/roles')).toEqual(['admin']);
  });

  it('is undefined for what is not there, and does not walk into arrays or inherited members', () => {
    expect(claimAt(payload, 'resource_access.wenze.roles')).toBeUndefined();
    expect(claimAt(payload, 'realm_access.roles.length')).toBeUndefined();
    expect(claimAt(payload, 'list.0.a')).toBeUndefined();
    expect(claimAt(payload, 'roles.constructor')).toBeUndefined();
    expect(claimAt({}, 'toString')).toBeUndefined();
    expect(claimAt({}, '__proto__')).toBeUndefined();
  });
});

describe('toActor', () => {
  it.each(['system:deadline', 'system:linked-case', 'System:Deadline', ' system:x'])(
    'refuses the reserved subject %j (the engine signs as system:…)',
    (sub) => {
      expect(refusal(() => toActor({ sub, roles: ['admin'] }, KNOWN))).toMatch(/reserved/);
    },
  );

  it('refuses a subject with a bidirectional control or NUL, naming the character', () => {
    expect(refusal(() => toActor({ sub: 'ali\u202Eecila', roles: [] }, KNOWN))).toMatch(/U\+202E/);
    expect(refusal(() => toActor({ sub: 'a\u0000', roles: [] }, KNOWN))).toMatch(/NUL/);
    expect(toActor({ sub: 'systems:ops', roles: [] }, KNOWN).sub).toBe('systems:ops');
  });

  it('takes sub, name, roles and unit; drops roles the catalogue does not declare', () => {
    expect(
      toActor({ sub: 'alice', name: 'Alice', roles: ['officer', 'janitor'], unit: 'U-1' }, KNOWN),
    ).toEqual({ sub: 'alice', name: 'Alice', roles: ['officer'], unit: 'U-1' });
  });

  it('reads the roles from the configured path (Keycloak realm roles)', () => {
    const payload = {
      sub: 'f1c2-uuid',
      preferred_username: 'wang.fang',
      realm_access: { roles: ['leader', 'default-roles-wenze', 'offline_access'] },
      roles: ['admin'], // not the configured claim: ignored
    };
    expect(toActor(payload, KNOWN, KEYCLOAK)).toEqual({
      sub: 'f1c2-uuid',
      name: 'wang.fang',
      roles: ['leader'],
    });
  });

  it('name: the configured claim, else preferred_username, else sub', () => {
    const names = { ...DEFAULT_CLAIMS, name: 'given.full' };
    const base = { sub: 's', roles: [], preferred_username: 'pu' };
    expect(toActor({ ...base, given: { full: 'Full Name' } }, KNOWN, names).name).toBe('Full Name');
    expect(toActor({ ...base, given: { full: '  ' } }, KNOWN, names).name).toBe('pu');
    expect(toActor({ sub: 's', roles: [], name: 42 }, KNOWN).name).toBe('s');
  });

  it('the unit from the configured claim', () => {
    const names = { ...DEFAULT_CLAIMS, unit: 'org.unit' };
    expect(toActor({ sub: 's', roles: [], org: { unit: 'U-9' } }, KNOWN, names).unit).toBe('U-9');
    expect(toActor({ sub: 's', roles: [], unit: 'U-1' }, KNOWN, names)).not.toHaveProperty('unit');
  });

  it('refuses a token without a usable subject, roles claim or unit, naming the claim', () => {
    expect(refusal(() => toActor({ roles: [] }, KNOWN))).toMatch(/no subject \(sub\)/);
    expect(refusal(() => toActor({ sub: 'x'.repeat(201), roles: [] }, KNOWN))).toMatch(/200/);
    expect(refusal(() => toActor({ sub: 's', roles: ['officer'] }, KNOWN, KEYCLOAK))).toMatch(
      /no roles claim \(realm_access\.roles, an array of strings\)/,
    );
    expect(refusal(() => toActor({ sub: 's', realm_access: { roles: 'leader' } }, KNOWN, KEYCLOAK))).toMatch(
      /realm_access\.roles/,
    );
    expect(refusal(() => toActor({ sub: 's', roles: ['officer', 7] }, KNOWN))).toMatch(/roles/);
    expect(refusal(() => toActor({ sub: 's', roles: [], unit: '' }, KNOWN))).toMatch(/unit claim \(unit\)/);
  });
});

describe('checkLifetime', () => {
  it('needs an exp', () => {
    expect(refusal(() => checkLifetime({ iat: NOW }, 3600, NOW))).toBe('The token has no expiry (exp)');
  });

  it('accepts exp − iat up to the maximum, and refuses one second more', () => {
    expect(() => checkLifetime({ iat: NOW - 100, exp: NOW - 100 + 3600 }, 3600, NOW)).not.toThrow();
    expect(refusal(() => checkLifetime({ iat: NOW - 100, exp: NOW - 100 + 3601 }, 3600, NOW))).toMatch(
      /too long: 3601 s from its iat, at most 3600 s .*AUTH_MAX_TOKEN_AGE/,
    );
  });

  it('without iat, counts from now', () => {
    expect(() => checkLifetime({ exp: NOW + 3600 }, 3600, NOW)).not.toThrow();
    expect(refusal(() => checkLifetime({ exp: NOW + 3601 }, 3600, NOW))).toMatch(/3601 s from now/);
  });

  it('an iat in the future does not stretch the window: counted from now', () => {
    const farFuture = NOW + 10 * 365 * 86_400;
    expect(refusal(() => checkLifetime({ iat: farFuture, exp: farFuture + 60 }, 3600, NOW))).toMatch(
      /from now/,
    );
  });
});
