import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Wenze-Signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<body>" with the webhook's secret>`: the receiver
 * recomputes v1 from the raw body and the t it was given, compares in constant time, and refuses a t
 * too far from its clock (replays).
 */
export function signature(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** The receiver's check (exported for tests and as the reference for deployments). */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  toleranceS = 300,
  now = Date.now(),
) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now / 1000 - t) > toleranceS) return false;
  const expected = Buffer.from(signature(secret, body, t).split('v1=')[1], 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
