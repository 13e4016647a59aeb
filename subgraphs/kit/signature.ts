// Nobody reaches a subgraph around the gateway: the gateway signs every subgraph request with a
// shared secret (HMAC-SHA256 over a timestamp, the caller's principal and the exact body), and
// every subgraph refuses a request whose signature is missing, wrong or stale.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningConfig } from './config';

export const SIGNATURE_HEADER = 'x-customer-graph-signature';
export const TIMESTAMP_HEADER = 'x-customer-graph-timestamp';
/**
 * The caller as the gateway established it: principal, request id and declared purpose, encoded by
 * kit/access/principal.ts `encodeCaller`. Covered by the signature, so no client can set or alter it.
 */
export const PRINCIPAL_HEADER = 'x-customer-graph-principal';
/** Headers a client must never be able to set: the gateway strips them before forwarding. */
export const TRUSTED_HEADERS = [SIGNATURE_HEADER, TIMESTAMP_HEADER, PRINCIPAL_HEADER];

function mac(secret: string, timestamp: string, principal: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${principal}\n`).update(body).digest('base64url');
}

export function signRequest(config: SigningConfig, body: string, principal = '', now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [PRINCIPAL_HEADER]: principal,
    [SIGNATURE_HEADER]: mac(config.secret, timestamp, principal, body),
  };
}

export type SignatureVerdict = { ok: true; principal: string } | { ok: false; reason: string };

export function verifyRequest(
  config: SigningConfig,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  now = Date.now(),
): SignatureVerdict {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? undefined : value; // a repeated header is never legitimate
  };
  const signature = header(SIGNATURE_HEADER);
  const timestamp = header(TIMESTAMP_HEADER);
  const principal = header(PRINCIPAL_HEADER) ?? '';
  if (!signature || !timestamp) return { ok: false, reason: 'unsigned request' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(now / 1000 - Number(timestamp)) > config.maxAgeSeconds) return { ok: false, reason: 'stale signature' };
  const expected = Buffer.from(mac(config.secret, timestamp, principal, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad signature' };
  return { ok: true, principal };
}
