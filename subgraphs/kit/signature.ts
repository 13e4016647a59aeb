// Nobody reaches a subgraph around the gateway: the gateway signs every subgraph request with a
// shared secret (HMAC-SHA256 over a timestamp, the subgraph it is meant for, a one-time nonce, the
// caller and the exact body), and every subgraph refuses a request whose signature is missing,
// wrong or stale, meant for another subgraph, or already seen (replayed). Requests from Hive Gateway
// carry their signature in the body instead (below), and are held to the same rules.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PURPOSE } from './access/principal';
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

// ---------------------------------------------------------------------------------------------
// Hive Gateway (gateway/hive/): the scale-out path signs differently. Its `useHmacUpstreamSignature`
// plugin puts an HMAC-SHA256 (standard base64) of a serialised request into the request's
// extensions, and its JWT plugin forwards the verified token's claims in the extensions too. Hive's
// default serialisation covers only the query and the variables, and it has no time, audience or
// nonce: a captured request could be replayed for ever, to any subgraph, with any claims attached.
// So our Hive configuration adds a stamp (time, subgraph, nonce, request id, purpose) to the
// extensions and signs the query, the variables and every extension but the signature itself
// (`hiveSignedContent`); a subgraph checks all of it with the rules of the header signature above.

/** Where Hive Gateway puts its upstream signature (its default extension name). */
export const HIVE_SIGNATURE_EXTENSION = 'hmac-signature';
/** Where Hive Gateway's JWT plugin forwards the verified token (its default): `{ payload }`. */
export const HIVE_JWT_EXTENSION = 'jwt';
/** Our stamp on every request Hive Gateway sends to a subgraph (gateway/hive/gateway.config.ts). */
export const HIVE_STAMP_EXTENSION = 'customerGraph';

export interface HiveStamp {
  /** Seconds since the epoch, when the gateway signed. */
  timestamp: number;
  /** The subgraph the request is for. */
  audience: string;
  nonce: string;
  /** The gateway's id of the client request (every subgraph call of one request shares it). */
  requestId: string;
  /** The purpose the client declared (`x-purpose`), checked by the gateway; null without one. */
  purpose: string | null;
}

export function hiveStamp(audience: string, requestId: string, purpose: string | null, now = Date.now()): HiveStamp {
  return { timestamp: Math.floor(now / 1000), audience, nonce: randomBytes(16).toString('base64url'), requestId, purpose };
}

/**
 * JSON with object keys sorted at every level, as `json-stable-stringify` (which Hive's plugin
 * uses) writes it: undefined members left out, undefined array items as null.
 */
export function stableJson(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = stableJson((value as Record<string, unknown>)[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}

function nonEmpty(value: unknown): unknown {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0 ? value : undefined;
}

/**
 * What Hive Gateway signs and a subgraph verifies: the query, the variables and the extensions
 * (claims and stamp included), but not the signature. Hive calls it with the request it is about
 * to send (`serializeExecutionRequest`); a subgraph with the body it received.
 */
export function hiveSignedContent(request: { query?: unknown; variables?: unknown; extensions?: unknown }): string {
  const extensions = { ...(request.extensions as Record<string, unknown> | undefined) };
  delete extensions[HIVE_SIGNATURE_EXTENSION];
  return stableJson({ query: request.query, variables: nonEmpty(request.variables), extensions: nonEmpty(extensions) })!;
}

/** The signature Hive Gateway's plugin computes over `content` (HMAC-SHA256, standard base64). */
export function hiveSignature(secret: string, content: string): string {
  return createHmac('sha256', secret).update(content).digest('base64');
}

export type HiveVerdict =
  | { ok: true; claims: Record<string, unknown> | null; requestId: string; purpose: string | null }
  | { ok: false; reason: string };

const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A request signed by Hive Gateway with our configuration, checked as strictly as `verifyRequest`. */
export function verifyHiveRequest(config: SigningConfig, audience: string, nonces: NonceMemory, body: string, now = Date.now()): HiveVerdict {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'unsigned request' };
  }
  if (!isObject(request) || !isObject(request.extensions)) return { ok: false, reason: 'unsigned request' };
  const extensions = request.extensions;
  const signature = extensions[HIVE_SIGNATURE_EXTENSION];
  if (typeof signature !== 'string' || signature === '') return { ok: false, reason: 'unsigned request' };
  const expected = Buffer.from(hiveSignature(config.secret, hiveSignedContent(request)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad signature' };
  // Signed by someone holding the secret; from here on, the checks of the header signature.
  const stamp = extensions[HIVE_STAMP_EXTENSION];
  if (!isObject(stamp)) return { ok: false, reason: 'signed without a stamp (run Hive Gateway with gateway/hive/gateway.config.ts)' };
  const { timestamp, nonce, requestId, purpose } = stamp;
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp < 0) return { ok: false, reason: 'malformed timestamp' };
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) return { ok: false, reason: 'missing or malformed nonce' };
  if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) return { ok: false, reason: 'malformed request id' };
  if (purpose !== null && (typeof purpose !== 'string' || !PURPOSE.test(purpose))) return { ok: false, reason: 'malformed purpose' };
  const nowSeconds = now / 1000;
  if (Math.abs(nowSeconds - timestamp) > config.maxAgeSeconds) return { ok: false, reason: 'stale signature' };
  if (stamp.audience !== audience) return { ok: false, reason: 'signed for another subgraph' };
  const jwt = extensions[HIVE_JWT_EXTENSION];
  let claims: Record<string, unknown> | null = null;
  if (jwt !== undefined) {
    if (!isObject(jwt) || !isObject(jwt.payload)) return { ok: false, reason: 'malformed forwarded claims' };
    claims = jwt.payload;
    // Our gateway requires an expiry on every token (gateway/auth.ts): so does this path.
    if (typeof claims.exp !== 'number') return { ok: false, reason: 'forwarded claims without an expiry' };
  }
  if (!nonces.remember(nonce, timestamp + config.maxAgeSeconds, Math.floor(nowSeconds))) return { ok: false, reason: 'replayed request' };
  return { ok: true, claims, requestId, purpose };
}
