// Who is asking. The gateway verifies the caller's token and establishes a Principal; it travels to
// every subgraph inside the request the gateway signs (kit/signature.ts), and each subgraph reads it
// typed from its context (`ctx.principal`), never as a raw header.

/** The roles of the graph (README "Who may see what"). Anything else in a token is refused. */
export const ROLES = ['anonymous', 'customer', 'agent', 'marketing', 'analyst', 'privacy_officer', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** The roles a token may carry (anonymous is the absence of a token). */
export const TOKEN_ROLES = ROLES.filter((role) => role !== 'anonymous');

export interface Principal {
  /** The token's subject (`sub`): who, as the identity provider names them. `anonymous` without a token. */
  subject: string;
  role: Role;
  /** Scopes of a `service` principal: `read:<subgraph>`, `write:identity`. */
  scopes: string[];
  /** The customer a `customer` principal is (a hub customer id); absent for every other role. */
  customerId?: string;
  /** The store or queue a member of staff works in, when the token says so (recorded, not yet used to narrow). */
  storeCode?: string;
  queue?: string;
}

/** What the gateway signs beside the principal: the request as a whole. */
export interface Caller {
  principal: Principal;
  /** The gateway's id of the client request: every subgraph call of one request shares it. */
  requestId: string;
  /** Why the client reads, as it declares it (`x-purpose`); recorded in the access log. */
  purpose: string | null;
}

export const ANONYMOUS: Principal = Object.freeze({ subject: 'anonymous', role: 'anonymous', scopes: [] }) as Principal;

const CUSTOMER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A purpose is a short code (`screen_pop`, `order_follow_up`), never free text: it is stored. */
export const PURPOSE = /^[a-z][a-z0-9_.-]{0,39}$/;
const SHORT_TEXT = /^[\x21-\x7e]{1,128}$/;
const SCOPE = /^[a-z]+:[a-z_]+$/;

export class PrincipalError extends Error {}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isCustomerId(value: unknown): value is string {
  return typeof value === 'string' && CUSTOMER_ID.test(value);
}

/**
 * Checks a principal's shape (the gateway builds it from a verified token, the subgraphs from the
 * signed header): a customer must name their customer id, nobody else may; texts are short.
 */
export function checkPrincipal(value: unknown): Principal {
  const p = value as Partial<Principal> | null;
  if (!p || typeof p !== 'object') throw new PrincipalError('the principal is not an object');
  if (!isRole(p.role)) throw new PrincipalError('unknown role');
  if (typeof p.subject !== 'string' || !SHORT_TEXT.test(p.subject)) throw new PrincipalError('the subject must be 1 to 128 visible characters');
  const scopes = p.scopes ?? [];
  if (!Array.isArray(scopes) || scopes.length > 32 || !scopes.every((scope) => typeof scope === 'string' && SCOPE.test(scope))) {
    throw new PrincipalError('scopes must be a list of `verb:thing` codes');
  }
  if (p.role === 'customer' && !isCustomerId(p.customerId)) throw new PrincipalError('a customer principal needs its customer id (a UUID)');
  if (p.role !== 'customer' && p.customerId !== undefined) throw new PrincipalError('only a customer principal carries a customer id');
  for (const key of ['storeCode', 'queue'] as const) {
    if (p[key] !== undefined && (typeof p[key] !== 'string' || !SHORT_TEXT.test(p[key]!))) throw new PrincipalError(`${key} must be a short code`);
  }
  return {
    subject: p.subject,
    role: p.role,
    scopes: [...scopes],
    ...(p.customerId !== undefined ? { customerId: p.customerId } : {}),
    ...(p.storeCode !== undefined ? { storeCode: p.storeCode } : {}),
    ...(p.queue !== undefined ? { queue: p.queue } : {}),
  };
}

/** The signed header's value: compact JSON, base64url (no header-unsafe characters). */
export function encodeCaller(caller: Caller): string {
  return Buffer.from(JSON.stringify({ p: caller.principal, r: caller.requestId, u: caller.purpose }), 'utf8').toString('base64url');
}

const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The caller of a signed request. An empty header (the gateway's health probe) is anonymous. */
export function decodeCaller(header: string, fallbackRequestId: string): Caller {
  if (header === '') return { principal: ANONYMOUS, requestId: fallbackRequestId, purpose: null };
  let raw: { p?: unknown; r?: unknown; u?: unknown };
  try {
    raw = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch {
    throw new PrincipalError('the caller header is not base64url JSON');
  }
  const requestId = typeof raw.r === 'string' && REQUEST_ID.test(raw.r) ? raw.r : fallbackRequestId;
  const purpose = raw.u === null || raw.u === undefined ? null : String(raw.u);
  if (purpose !== null && !PURPOSE.test(purpose)) throw new PrincipalError('malformed purpose');
  return { principal: checkPrincipal(raw.p), requestId, purpose };
}
