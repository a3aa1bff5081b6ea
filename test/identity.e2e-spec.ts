/*
 * Tokens of a real identity provider: the test process serves a JSON Web Key Set on 127.0.0.1 the
 * way Keycloak does, and the service (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE, roles at
 * realm_access.roles) verifies RS256 and ES256 tokens against it:
 *   - the provider's tokens work, with the roles from realm_access.roles; the keys are fetched once
 *     and cached; Wenze's own HS256 tokens keep working beside them;
 *   - wrong issuer or audience, no exp, too long a lifetime, expired, unknown kid, a forged signature,
 *     alg none, another alg, HS256 signed with the provider's public key (algorithm confusion):
 *     401 naming the problem;
 *   - key rotation while the service runs: a token of the new key verifies (the set is fetched again),
 *     and once the old key is withdrawn, new tokens of the old key are refused;
 *   - a verified token is not served from the cache past its exp; the provider down: 503;
 *   - with AUTH_ACCEPT_HS256=false, only the provider's tokens are accepted.
 */
import { randomUUID } from 'node:crypto';
import { type IdentityProvider, makeKey, signWith, startIdentityProvider } from './support/identity-provider';
import { encodeJson, epoch, signJwt } from './support/jwt';
import { Client, type Reply, startTestApp, type TestApp, TEST_SECRET, token } from './support/test-app';

const AUDIENCE = 'wenze';
const CACHE_MAX_AGE_MS = 3000;

const rsa1 = makeKey('rsa-1', 'RS256');
const ec1 = makeKey('ec-1', 'ES256');

let idp: IdentityProvider;
let app: TestApp;

/** The claims of a Keycloak access token for a supervisor, with `overrides` (undefined removes a claim). */
function kc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    iss: idp.issuer,
    aud: [AUDIENCE, 'account'],
    sub: randomUUID(),
    typ: 'Bearer',
    azp: 'wenze-web',
    preferred_username: 'wang.fang',
    name: 'Wang Fang',
    realm_access: { roles: ['supervisor', 'offline_access', 'default-roles-wenze'] },
    iat: epoch(),
    exp: epoch(300),
    jti: randomUUID(), // every token distinct, so none is answered from the verified-token cache
    ...overrides,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
}

function as(bearer: string, base = app.baseUrl): Client {
  return new Client(base, bearer);
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

function expectRefused(reply: Reply<unknown>, status: number, message: RegExp): void {
  if (reply.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  const body = reply.body as ErrorBody;
  expect(body).toMatchObject({ statusCode: status, error: expect.any(String) });
  expect(body.message).toMatch(message);
}

async function statusOf(bearer: string, path = '/workflows'): Promise<number> {
  return (await as(bearer).get(path)).status;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

beforeAll(async () => {
  idp = await startIdentityProvider([rsa1, ec1]);
  app = await startTestApp({
    AUTH_JWKS_URL: idp.jwksUrl,
    AUTH_ISSUER: idp.issuer,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_ROLES_CLAIM: 'realm_access.roles',
    AUTH_MAX_TOKEN_AGE: '3600',
    // Short, so that the test need not wait long for a withdrawn key to be forgotten, and so that an
    // unknown kid always fetches the set again (in production: 10 minutes and 30 seconds).
    AUTH_JWKS_CACHE_MAX_AGE_MS: String(CACHE_MAX_AGE_MS),
    AUTH_JWKS_COOLDOWN_MS: '0',
  });
});

afterAll(async () => {
  await app?.close();
  await idp?.close();
});

describe("the identity provider's tokens", () => {
  it('RS256 and ES256 tokens are accepted; the key set is fetched once for many tokens', async () => {
    expect(idp.fetches()).toBe(0); // fetched on first use, not at start
    const tokens = Array.from({ length: 10 }, (_, i) => signWith(i % 2 ? ec1 : rsa1, kc()));
    const statuses = await Promise.all(tokens.map((t) => statusOf(t)));
    expect(statuses).toEqual(tokens.map(() => 200));
    expect(idp.fetches()).toBe(1);
    const workflows = await as(signWith(rsa1, kc())).get<{ name: string }[]>('/workflows');
    expect(workflows.body.map((w) => w.name)).toContain('accountability');
    expect(idp.fetches()).toBe(1);
  });

  it('the roles come from realm_access.roles: a supervisor there may search the audit trail; top-level roles count for nothing', async () => {
    // GET /audit is for supervisors and admins.
    expect(await statusOf(signWith(rsa1, kc()), '/audit')).toBe(200);
    expect(await statusOf(signWith(ec1, kc()), '/audit')).toBe(200);
    const officer = kc({ realm_access: { roles: ['officer', 'offline_access'] }, roles: ['supervisor'] });
    expectRefused(
      await as(signWith(rsa1, officer)).get('/audit'),
      403,
      /admin, supervisor|supervisor, admin/,
    );
    expect(await statusOf(signWith(rsa1, officer))).toBe(200);
  });

  it("Wenze's own HS256 tokens keep working beside them (roles in roles)", async () => {
    expect(await statusOf(await token('alice', ['supervisor']), '/audit')).toBe(200);
    expect(await statusOf(await token('bob', ['officer']), '/audit')).toBe(403);
  });
});

describe('tokens refused with 401, naming the problem', () => {
  const stranger = makeKey('rsa-stranger', 'RS256');
  const forger = makeKey('rsa-1', 'RS256'); // claims rsa-1's kid, with another private key

  const BAD: Record<string, [() => string, RegExp]> = {
    'wrong issuer': [
      () => signWith(rsa1, kc({ iss: 'https://sso.example.org/realms/wenze' })),
      /issuer \(iss\)/,
    ],
    'no issuer': [() => signWith(ec1, kc({ iss: undefined })), /issuer \(iss\) is missing/],
    'wrong audience': [() => signWith(rsa1, kc({ aud: 'account' })), /audience \(aud\)/],
    'no audience': [() => signWith(ec1, kc({ aud: undefined })), /audience \(aud\) is missing/],
    'no exp': [() => signWith(rsa1, kc({ exp: undefined })), /^The token has no expiry \(exp\)$/],
    'lifetime longer than AUTH_MAX_TOKEN_AGE': [
      () => signWith(rsa1, kc({ iat: epoch(), exp: epoch(3700) })),
      /valid for too long: 3700 s from its iat, at most 3600 s/,
    ],
    'no iat and an exp too far ahead': [
      () => signWith(ec1, kc({ iat: undefined, exp: epoch(7200) })),
      /valid for too long: 7(199|200) s from now/,
    ],
    expired: [() => signWith(rsa1, kc({ iat: epoch(-600), exp: epoch(-300) })), /expired/],
    'not valid yet': [() => signWith(rsa1, kc({ nbf: epoch(120) })), /not valid yet \(nbf\)/],
    'no roles at realm_access.roles': [
      () => signWith(rsa1, kc({ realm_access: undefined, roles: ['supervisor'] })),
      /roles claim \(realm_access\.roles/,
    ],
    'unknown kid (a key the provider does not publish)': [
      () => signWith(stranger, kc()),
      /No key .* matches/,
    ],
    'RS256 on the EC key (kid ec-1)': [() => signWith(stranger, kc(), { kid: 'ec-1' }), /No key .* matches/],
    'a known kid, signed with another key': [() => signWith(forger, kc()), /signature does not verify/],
    'payload changed after signing': [
      () => {
        const [h, , s] = signWith(rsa1, kc({ realm_access: { roles: ['officer'] } })).split('.');
        return `${h}.${encodeJson(kc({ realm_access: { roles: ['admin'] } }))}.${s}`;
      },
      /signature does not verify/,
    ],
    'alg none': [
      () => `${encodeJson({ alg: 'none', typ: 'JWT', kid: 'rsa-1' })}.${encodeJson(kc())}.`,
      /algorithm none is not accepted; only HS256, RS256, ES256/,
    ],
    'RS512 (not accepted)': [
      () => `${encodeJson({ alg: 'RS512', typ: 'JWT', kid: 'rsa-1' })}.${encodeJson(kc())}.AAAA`,
      /algorithm RS512 is not accepted; only HS256, RS256, ES256/,
    ],
    'HS256 with the provider’s public key (PEM) as the secret': [
      () =>
        signJwt(kc(), rsa1.publicKey.export({ format: 'pem', type: 'spki' }).toString(), {
          alg: 'HS256',
          typ: 'JWT',
          kid: 'rsa-1',
        }),
      /signature does not verify/,
    ],
    'HS256 with the provider’s public key (JWK) as the secret': [
      () => signJwt(kc(), JSON.stringify(rsa1.jwk), { alg: 'HS256', typ: 'JWT', kid: 'rsa-1' }),
      /signature does not verify/,
    ],
    "Wenze's own HS256 with the roles only at realm_access.roles": [
      // Wenze's own tokens keep their fixed layout (roles at roles); the claim names map the provider's.
      () => signJwt(kc({ roles: undefined }), TEST_SECRET),
      /roles claim \(roles,/,
    ],
  };

  it.each(Object.keys(BAD))('%s', async (name) => {
    const [make, message] = BAD[name];
    expectRefused(await as(make()).get('/workflows'), 401, message);
  });

  it('the same good token is accepted (the control)', async () => {
    expect(await statusOf(signWith(rsa1, kc()))).toBe(200);
    expect(await statusOf(signWith(ec1, kc()))).toBe(200);
  });
});

describe('key rotation while the service runs', () => {
  it('a token of a new key verifies; once the old key is withdrawn, new tokens of the old key are refused', async () => {
    expect(await statusOf(signWith(rsa1, kc()))).toBe(200);
    // The provider publishes a new key beside the old one and starts signing with it.
    const rsa2 = makeKey('rsa-2', 'RS256');
    idp.keys = [rsa1, ec1, rsa2];
    const before = idp.fetches();
    expect(await statusOf(signWith(rsa2, kc()))).toBe(200);
    expect(idp.fetches()).toBe(before + 1); // the unknown kid fetched the set again
    expect(await statusOf(signWith(rsa1, kc()))).toBe(200); // both published: both verify
    // A token without a kid is tried against each RS256 key of the set.
    expect(await statusOf(signWith(rsa2, kc(), { kid: undefined }))).toBe(200);
    expect(await statusOf(signWith(rsa1, kc(), { kid: undefined }))).toBe(200);
    const stranger = makeKey('rsa-stranger', 'RS256');
    expectRefused(
      await as(signWith(stranger, kc(), { kid: undefined })).get('/workflows'),
      401,
      /signature does not verify/,
    );

    // The old key is withdrawn. Once the cached set is older than AUTH_JWKS_CACHE_MAX_AGE_MS, the set
    // is fetched again, and a new token signed with the old key is refused.
    idp.keys = [ec1, rsa2];
    await sleep(CACHE_MAX_AGE_MS + 300);
    expectRefused(await as(signWith(rsa1, kc())).get('/workflows'), 401, /No key .* matches/);
    expect(await statusOf(signWith(rsa2, kc()))).toBe(200);
    expect(await statusOf(signWith(ec1, kc()))).toBe(200);
  });

  it('a rotation without overlap: the set switches to a new key at once', async () => {
    const ec2 = makeKey('ec-2', 'ES256');
    idp.keys = [ec2];
    expect(await statusOf(signWith(ec2, kc()))).toBe(200); // unknown kid: fetched again, now [ec2]
    expectRefused(await as(signWith(ec1, kc())).get('/workflows'), 401, /No key .* matches/);
    idp.keys = [rsa1, ec1];
  });
});

describe('caching and outages', () => {
  it('a verified token is not answered from the cache past its exp', async () => {
    const shortLived = signWith(ec1, kc({ exp: epoch(3) }));
    expect(await statusOf(shortLived)).toBe(200);
    expect(await statusOf(shortLived)).toBe(200); // answered from the cache
    const exp = JSON.parse(Buffer.from(shortLived.split('.')[1], 'base64url').toString()).exp as number;
    await sleep(exp * 1000 - Date.now() + 200);
    expectRefused(await as(shortLived).get('/workflows'), 401, /expired/);
  });

  it('the key set out of reach: 503 saying so, and the service recovers with the provider', async () => {
    idp.down = true;
    try {
      const unknownKid = signWith(makeKey('rsa-3', 'RS256'), kc());
      expectRefused(await as(unknownKid).get('/workflows'), 503, /signing keys could not be fetched/);
      // Wenze's own tokens do not need the provider.
      expect(await statusOf(await token('alice', ['officer']))).toBe(200);
    } finally {
      idp.down = false;
    }
    expect(await statusOf(signWith(rsa1, kc()))).toBe(200);
  });
});

describe('AUTH_ACCEPT_HS256=false: only the provider is trusted', () => {
  let strict: TestApp;

  beforeAll(async () => {
    strict = await startTestApp({
      AUTH_ACCEPT_HS256: 'false',
      AUTH_DEV_LOGIN: 'false',
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: idp.issuer,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_ROLES_CLAIM: 'realm_access.roles',
    });
  });

  afterAll(async () => {
    await strict?.close();
  });

  it('HS256 tokens, even with the right secret, are refused; the provider’s are accepted', async () => {
    const hs256 = await token('alice', ['supervisor']);
    expectRefused(
      await as(hs256, strict.baseUrl).get('/workflows'),
      401,
      /HS256 is not accepted; only RS256, ES256/,
    );
    expect((await as(signWith(rsa1, kc()), strict.baseUrl).get('/workflows')).status).toBe(200);
    expect((await as(signWith(ec1, kc()), strict.baseUrl).get('/audit')).status).toBe(200);
    const demo = await new Client(strict.baseUrl).post('/auth/dev-login', { sub: 'wang.fang' });
    expect(demo.status).toBe(404);
  });
});
