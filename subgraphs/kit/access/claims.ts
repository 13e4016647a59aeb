// A verified token's claims → the Principal. One function for every engine that verifies tokens:
// our gateway (gateway/auth.ts) maps the claims it verified, and a subgraph maps the claims Hive
// Gateway verified and forwarded inside the request it signed (kit/signature.ts), so a token means
// the same principal whichever gateway a request came through.
import { checkPrincipal, Principal, PrincipalError, TOKEN_ROLES } from './principal';

/** Claims of our tokens, beside the registered ones (sub, iss, aud, exp). */
export interface TokenClaims {
  sub?: string;
  role: string;
  /** Space-separated scopes (OAuth 2 `scope`), for the service role. */
  scope?: string;
  customer_id?: string;
  store?: string;
  queue?: string;
}

/** A token whose claims name no principal; the message may be shown to the token's holder. */
export class ClaimsError extends Error {}

/** The principal that verified claims name (ClaimsError when they name none). */
export function principalFromClaims(claims: Partial<TokenClaims> & Record<string, unknown>): Principal {
  if (typeof claims.role !== 'string' || !(TOKEN_ROLES as readonly string[]).includes(claims.role)) {
    throw new ClaimsError(`The token's role must be one of ${TOKEN_ROLES.join(', ')}`);
  }
  try {
    return checkPrincipal({
      subject: claims.sub,
      role: claims.role,
      scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
      ...(claims.customer_id !== undefined ? { customerId: claims.customer_id } : {}),
      ...(claims.store !== undefined ? { storeCode: claims.store } : {}),
      ...(claims.queue !== undefined ? { queue: claims.queue } : {}),
    });
  } catch (error) {
    if (error instanceof PrincipalError) throw new ClaimsError(`The token's claims are not accepted: ${error.message}`);
    throw error;
  }
}
