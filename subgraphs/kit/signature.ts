// Nobody reaches a subgraph around the gateway: the gateway signs every subgraph request with a
// shared secret (HMAC-SHA256 over a timestamp, the subgraph it is meant for, a one-time nonce, the
// caller and the exact body), and every subgraph refuses a request whose signature is missing,
// wrong or stale, meant for another subgraph, or already seen (replayed).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SigningConfig } from './config';

export const SIGNATURE_HEADER = 'x-customer-graph-signature';
export const TIMESTAMP_HEADER = 'x-customer-graph-timestamp';
/** The subgraph the request is for: a request signed for one subgraph is refused by every other. */
export const AUDIENCE_HEADER = 'x-customer-graph-audience';
/** Random per request: a subgraph accepts each nonce once within the signature's validity window. */
export const NONCE_HEADER = 'x-customer-graph-nonce';
/**
 * The caller as the gateway established it: principal, request id and declared purpose, encoded by
 * kit/access/principal.ts `encodeCaller`. Covered by the signature, so no client can set or alter it.
 */
export const PRINCIPAL_HEADER = 'x-customer-graph-principal';
/** Headers a client must never be able to set: the gateway strips them before forwarding. */
export const TRUSTED_HEADERS = [SIGNATURE_HEADER, TIMESTAMP_HEADER, AUDIENCE_HEADER, NONCE_HEADER, PRINCIPAL_HEADER];

function mac(secret: string, parts: { timestamp: string; audience: string; nonce: string; principal: string }, body: string): string {
  return createHmac('sha256', secret)
    .update(`${parts.timestamp}\n${parts.audience}\n${parts.nonce}\n${parts.principal}\n`)
    .update(body)
    .digest('base64url');
}

/** Signature headers for one request to the subgraph `audience`. */
export function signRequest(config: SigningConfig, audience: string, body: string, principal = '', now = Date.now()): Record<string, string> {
  const parts = { timestamp: String(Math.floor(now / 1000)), audience, nonce: randomBytes(16).toString('base64url'), principal };
  return {
    [TIMESTAMP_HEADER]: parts.timestamp,
    [AUDIENCE_HEADER]: audience,
    [NONCE_HEADER]: parts.nonce,
    [PRINCIPAL_HEADER]: principal,
    [SIGNATURE_HEADER]: mac(config.secret, parts, body),
  };
}

export type SignatureVerdict = { ok: true; principal: string } | { ok: false; reason: string };

/**
 * The nonces a subgraph has accepted, each kept until its signature would be stale anyway (so the
 * memory is bounded by the request rate × the validity window). Expiries only grow with time, so
 * the oldest entries are at the front of the map and are swept from there.
 */
export class NonceMemory {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 1_000_000) {}

  /** False when the nonce was already used (a replay), or when the memory is full (refuse, never forget early). */
  remember(nonce: string, expiresAtSeconds: number, nowSeconds: number): boolean {
    for (const [oldest, expiry] of this.seen) {
      if (expiry >= nowSeconds) break;
      this.seen.delete(oldest);
    }
    if (this.seen.has(nonce) || this.seen.size >= this.maxEntries) return false;
    this.seen.set(nonce, expiresAtSeconds);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

export function verifyRequest(
  config: SigningConfig,
  audience: string,
  nonces: NonceMemory,
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
  const nonce = header(NONCE_HEADER);
  const principal = header(PRINCIPAL_HEADER) ?? '';
  const claimedAudience = header(AUDIENCE_HEADER) ?? '';
  if (!signature || !timestamp) return { ok: false, reason: 'unsigned request' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (!nonce || !NONCE.test(nonce)) return { ok: false, reason: 'missing or malformed nonce' };
  const nowSeconds = now / 1000;
  if (Math.abs(nowSeconds - Number(timestamp)) > config.maxAgeSeconds) return { ok: false, reason: 'stale signature' };
  const expected = Buffer.from(mac(config.secret, { timestamp, audience: claimedAudience, nonce, principal }, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad signature' };
  // Checked after the MAC, so that an unauthenticated caller learns nothing about audiences or nonces.
  if (claimedAudience !== audience) return { ok: false, reason: 'signed for another subgraph' };
  if (!nonces.remember(nonce, Number(timestamp) + config.maxAgeSeconds, Math.floor(nowSeconds))) return { ok: false, reason: 'replayed request' };
  return { ok: true, principal };
}
