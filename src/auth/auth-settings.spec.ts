import { audiences } from '../config/app.config';
import { validateConfig } from '../config/config.validate';

function problems(env: Record<string, string>): string {
  try {
    validateConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('the auth settings are checked at start', () => {
  it('defaults: HS256 on, claims roles/unit/name, tokens live at most a day, no identity provider', () => {
    const config = validateConfig({});
    expect(config).toMatchObject({
      AUTH_ACCEPT_HS256: true,
      AUTH_MAX_TOKEN_AGE: 86_400,
      AUTH_ROLES_CLAIM: 'roles',
      AUTH_UNIT_CLAIM: 'unit',
      AUTH_NAME_CLAIM: 'name',
      AUTH_JWKS_CACHE_MAX_AGE_MS: 600_000,
      AUTH_JWKS_COOLDOWN_MS: 30_000,
    });
    expect(config.AUTH_JWKS_URL).toBeUndefined();
  });

  it('a Keycloak setup is accepted', () => {
    const config = validateConfig({
      AUTH_JWKS_URL: 'https://sso.example.org/realms/wenze/protocol/openid-connect/certs',
      AUTH_ISSUER: 'https://sso.example.org/realms/wenze',
      AUTH_AUDIENCE: 'wenze, wenze-web',
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      AUTH_NAME_CLAIM: 'name',
      AUTH_MAX_TOKEN_AGE: '3600',
      AUTH_ACCEPT_HS256: 'false',
      AUTH_DEV_LOGIN: 'false',
    });
    expect(config.AUTH_MAX_TOKEN_AGE).toBe(3600);
    expect(config.AUTH_ACCEPT_HS256).toBe(false);
    expect(audiences(config.AUTH_AUDIENCE!)).toEqual(['wenze', 'wenze-web']);
  });

  it('the JWKS URL must be http(s)', () => {
    for (const url of ['ftp://sso.example.org/certs', 'sso.example.org/certs', 'file:///etc/jwks.json']) {
      expect(problems({ AUTH_JWKS_URL: url })).toMatch(
        /AUTH_JWKS_URL must be an http:\/\/ or https:\/\/ URL/,
      );
    }
    expect(problems({ AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs' })).toBe('');
  });

  it('max age: an integer of at least 60 seconds', () => {
    expect(problems({ AUTH_MAX_TOKEN_AGE: '59' })).toMatch(/AUTH_MAX_TOKEN_AGE must be at least 60/);
    expect(problems({ AUTH_MAX_TOKEN_AGE: 'a day' })).toMatch(/AUTH_MAX_TOKEN_AGE/);
    expect(problems({ AUTH_MAX_TOKEN_AGE: '60' })).toBe('');
  });

  it('issuer and audience need a JWKS URL; turning HS256 off needs one too, and the demo sign-in off', () => {
    expect(problems({ AUTH_ISSUER: 'https://sso.example.org' })).toMatch(/set AUTH_JWKS_URL too/);
    expect(problems({ AUTH_AUDIENCE: 'wenze' })).toMatch(/set AUTH_JWKS_URL too/);
    expect(problems({ AUTH_JWKS_URL: 'https://sso.example.org/certs', AUTH_AUDIENCE: ' , ' })).toMatch(
      /AUTH_AUDIENCE must name at least one audience/,
    );
    expect(problems({ AUTH_ACCEPT_HS256: 'false', AUTH_DEV_LOGIN: 'false' })).toMatch(
      /AUTH_ACCEPT_HS256=false needs AUTH_JWKS_URL/,
    );
    expect(problems({ AUTH_ACCEPT_HS256: 'false', AUTH_JWKS_URL: 'https://sso.example.org/certs' })).toMatch(
      /AUTH_DEV_LOGIN needs AUTH_ACCEPT_HS256/,
    );
  });

  it('in production, the JWT secret is required only while HS256 tokens are accepted', () => {
    const production = { NODE_ENV: 'production', DOSSIER_SIGNING_KEY: 'pem' };
    expect(problems(production)).toMatch(/AUTH_JWT_SECRET must be set in production/);
    expect(
      problems({ ...production, AUTH_ACCEPT_HS256: 'false', AUTH_JWKS_URL: 'https://sso.example.org/certs' }),
    ).toBe('');
  });
});

describe('the failed-authentication limit is checked at start', () => {
  it('defaults to 30 failures per client address in 60 s', () => {
    expect(validateConfig({})).toMatchObject({ AUTH_FAILURE_LIMIT: 30, AUTH_FAILURE_WINDOW_SECONDS: 60 });
  });

  it.each([
    [{ AUTH_FAILURE_LIMIT: '0' }, /AUTH_FAILURE_LIMIT must be at least 1/],
    [{ AUTH_FAILURE_LIMIT: 'many' }, /AUTH_FAILURE_LIMIT must be a whole number/],
    [{ AUTH_FAILURE_WINDOW_SECONDS: '1.5' }, /AUTH_FAILURE_WINDOW_SECONDS must be a whole number/],
    [{ AUTH_FAILURE_WINDOW_SECONDS: '90000' }, /AUTH_FAILURE_WINDOW_SECONDS must be at most 86400/],
  ])('%j is refused, naming the setting', (env, message) => {
    expect(problems(env)).toMatch(message);
  });
});
