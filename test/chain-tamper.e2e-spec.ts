/*
 * A case whose hash chain is broken (a history row changed behind the service's back): its signed
 * dossier is refused (409, naming the broken row), the case list marks it (chainBroken) and no other,
 * and the offline check `scripts/verify-dossier.mjs` exits non-zero for a dossier whose chain was not
 * verified when exported, even with a valid signature.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../src/engine/history/canonical-json';
import {
  expectStatus,
  openCase,
  users,
  walkToInvestigation,
  type ErrorBody,
  type Users,
} from './support/procedure';
import { tamperPayload } from './support/tamper';
import { startTestApp, type TestApp } from './support/test-app';

type Listed = { items: { id: string; chainBroken?: boolean }[] };

function verifyOffline(dossier: unknown, publicKeyPem: string): { status: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wenze-dossier-'));
  try {
    writeFileSync(join(dir, 'key.pem'), publicKeyPem);
    writeFileSync(join(dir, 'dossier.json'), JSON.stringify(dossier));
    try {
      const out = execFileSync(
        process.execPath,
        ['scripts/verify-dossier.mjs', join(dir, 'dossier.json'), join(dir, 'key.pem')],
        { encoding: 'utf8' },
      );
      return { status: 0, out };
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      return { status: failed.status, out: failed.stdout };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a tampered hash chain', () => {
  let app: TestApp;
  let u: Users;

  beforeAll(async () => {
    app = await startTestApp();
    u = await users(app.baseUrl);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('gets no signed dossier, and the case list marks it (and only it)', async () => {
    const intact = await openCase(u);
    const tampered = await openCase(u);
    await walkToInvestigation(u, intact.id);
    await walkToInvestigation(u, tampered.id);
    expectStatus(await u.supervisor.get(`/cases/${tampered.id}/dossier`), 200);

    await tamperPayload(app, tampered.id, 2, { note: 'approved by someone else' });

    const refused = await u.supervisor.get<ErrorBody>(`/cases/${tampered.id}/dossier`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CHAIN_NOT_VERIFIED');
    expect(refused.body.message).toMatch(/hash chain breaks at seq 2\): no signed dossier is issued/);
    expectStatus(await u.supervisor.get(`/cases/${intact.id}/dossier`), 200);

    const listed = expectStatus(await u.supervisor.get<Listed>('/cases?limit=100'), 200).body.items;
    expect(listed.find((c) => c.id === tampered.id)?.chainBroken).toBe(true);
    expect(listed.find((c) => c.id === intact.id)).toBeDefined();
    expect(listed.filter((c) => c.chainBroken).map((c) => c.id)).toEqual([tampered.id]);
  });

  it('verify-dossier exits 1 for a validly signed dossier whose chain was not verified, 0 when it was', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const signed = (ok: boolean) => {
      const dossier = {
        format: 'wenze-dossier/1',
        history: [],
        files: [],
        verification: { ok, checked: 3, ...(ok ? {} : { brokenAtSeq: 2 }), problems: [] },
      };
      const value = sign(null, Buffer.from(canonicalJson(dossier), 'utf8'), privateKey).toString('base64');
      return { dossier, signature: { alg: 'Ed25519', keyId: 'test', value } };
    };
    expect(verifyOffline(signed(true), pem)).toEqual({
      status: 0,
      out: expect.stringMatching(/^signature valid .*chain and replay verified/),
    });
    expect(verifyOffline(signed(false), pem)).toEqual({
      status: 1,
      out: expect.stringMatching(/^signature valid .*chain NOT verified when exported/),
    });
  });
});
