import { createHmac } from 'node:crypto';
import { signature, verifySignature } from './webhook.signature';

describe('Wenze-Signature', () => {
  const secret = 'a-shared-secret-of-the-gateway';
  const body = JSON.stringify({ deliveryId: 'd1', notice: { kind: 'work' } });
  const now = Date.parse('2026-12-06T08:00:00Z');
  const t = now / 1000;

  it('is t and the hex HMAC-SHA256 of "<t>.<body>", as a receiver recomputes it', () => {
    const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signature(secret, body, t)).toBe(`t=${t},v1=${mac}`);
    expect(verifySignature(secret, body, signature(secret, body, t), 300, now)).toBe(true);
  });

  it('fails for another secret, a changed body, a stale time or a mangled header', () => {
    const header = signature(secret, body, t);
    expect(verifySignature('another-secret-0123456789', body, header, 300, now)).toBe(false);
    expect(verifySignature(secret, body.replace('work', 'urge'), header, 300, now)).toBe(false);
    expect(verifySignature(secret, body, header, 300, now + 301_000)).toBe(false);
    expect(verifySignature(secret, body, header.replace(/v1=\w{4}/, 'v1=0000'), 300, now)).toBe(false);
    expect(verifySignature(secret, body, 'v1=abc', 300, now)).toBe(false);
  });
});
