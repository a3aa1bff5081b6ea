/*
 * A stand-in identity provider for the tests: a JSON Web Key Set served over real HTTP on 127.0.0.1
 * (as Keycloak serves /realms/<realm>/protocol/openid-connect/certs), and RS256 / ES256 tokens signed
 * with node:crypto (jose is ESM-only and cannot load in Jest). Its keys can be added and removed
 * while the service runs, to rotate them; it counts the fetches and can play dead.
 */
import { generateKeyPairSync, type JsonWebKey, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeJson } from './jwt';

export type Alg = 'RS256' | 'ES256';

export interface SigningKey {
  kid: string;
  alg: Alg;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as a JWK with kid, alg and use, as a provider publishes it. */
  jwk: JsonWebKey;
}

export function makeKey(kid: string, alg: Alg): SigningKey {
  const { privateKey, publicKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    kid,
    alg,
    privateKey,
    publicKey,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' },
  };
}

/**
 * header.payload.signature signed with `key`: RSASSA-PKCS1-v1_5 with SHA-256 for RS256, ECDSA P-256
 * with SHA-256 in JOSE's r‖s form for ES256. `header` adds to (or overrides) {alg, typ, kid}.
 */
export function signWith(
  key: SigningKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
) {
  const input = `${encodeJson({ alg: key.alg, typ: 'JWT', kid: key.kid, ...header })}.${encodeJson(claims)}`;
  const data = Buffer.from(input);
  const signature =
    key.alg === 'RS256'
      ? sign('sha256', data, key.privateKey)
      : sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export interface IdentityProvider {
  /** http://127.0.0.1:<port>/realms/wenze — the issuer its tokens carry. */
  issuer: string;
  jwksUrl: string;
  /** The keys it publishes now (change freely). */
  keys: SigningKey[];
  /** How many times the key set was fetched. */
  fetches(): number;
  /** true: the key set answers 503. */
  down: boolean;
  close(): Promise<void>;
}

export async function startIdentityProvider(keys: SigningKey[]): Promise<IdentityProvider> {
  let fetches = 0;
  const provider = { keys, down: false } as IdentityProvider;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/realms/wenze/protocol/openid-connect/certs') {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    if (provider.down) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: provider.keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.issuer = `${base}/realms/wenze`;
  provider.jwksUrl = `${base}/realms/wenze/protocol/openid-connect/certs`;
  provider.fetches = () => fetches;
  provider.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return provider;
}
