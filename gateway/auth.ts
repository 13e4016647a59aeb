// Authentication at the gateway: a bearer JWT verified with jose — the identity provider's JWKS
// (RS256/ES256, cached, rotated) in production, an HS256 secret in development and tests — with
// expiry, issuer and audience checked. No token is the anonymous principal (which may read nothing
// personal); a token that fails any check is refused before any subgraph is called (HTTP 401).
// Identity headers a client sends are never read: the principal comes from the token only.
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { ClaimsError, principalFromClaims, TokenClaims } from '../subgraphs/kit/access/claims';
import { ANONYMOUS, Principal } from '../subgraphs/kit/access/principal';
import type { AuthConfig } from '../subgraphs/kit/config';

export class AuthenticationError extends Error {}

export interface Authenticator {
  /** The principal of a request's `Authorization` header; AuthenticationError when it is refused. */
  authenticate(authorization: string | undefined): Promise<Principal>;
}

export type { TokenClaims };

/** How long a verified token is taken as verified without checking its signature again. */
const VERIFIED_TOKEN_TTL_MS = 60_000;
/** Verified tokens remembered at most (each a few hundred bytes). */
const MAX_VERIFIED_TOKENS = 10_000;

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/** What a client is told: which check failed, never a key, a stack or the token. */
function refusal(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWTExpired) return new AuthenticationError('The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = { iss: 'issuer', aud: 'audience', nbf: 'not-before time', iat: 'issue time', sub: 'subject' }[error.claim] ?? error.claim;
    return new AuthenticationError(`The token's ${claim} is not accepted here`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AuthenticationError('The token is not signed by a key this graph trusts');
  if (error instanceof errors.JWKSNoMatchingKey) return new AuthenticationError('The token is signed with a key the identity provider does not publish');
  if (error instanceof errors.JOSEAlgNotAllowed) return new AuthenticationError('The token is signed with an algorithm this graph does not accept');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AuthenticationError('The identity provider’s keys cannot be read now: try again');
  }
  return new AuthenticationError('The token is not a valid JWT');
}

/** The principal a verified token names (the mapping is the kit's: Hive Gateway's forwarded claims use it too). */
export function principalOf(payload: JWTPayload & Partial<TokenClaims>): Principal {
  try {
    return principalFromClaims(payload);
  } catch (error) {
    if (error instanceof ClaimsError) throw new AuthenticationError(error.message);
    throw error;
  }
}

export function createAuthenticator(config: AuthConfig, developmentSecret?: string): Authenticator {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.jwksUrl) {
    // jose caches the key set, refetches it when a token names an unknown key id (rotation), and
    // refuses to refetch more than once per cooldown.
    key = createRemoteJWKSet(new URL(config.jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: (config.jwksCooldownSeconds ?? 30) * 1000, timeoutDuration: 5_000 });
    algorithms = ['RS256', 'ES256'];
  } else {
    const secret = config.devSecret ?? developmentSecret;
    if (!secret) throw new Error('No way to verify tokens: set AUTH_JWKS_URL (production) or AUTH_DEV_SECRET (development)');
    key = new TextEncoder().encode(secret);
    algorithms = ['HS256'];
  }
  // Tokens verified lately, by their exact text: a client sends the same token with every request,
  // and its signature need not be checked again each time. Kept until the token expires (without
  // the clock tolerance: it is then verified again, as on first use) and VERIFIED_TOKEN_TTL_MS at
  // most; refusals are never kept. A key withdrawn from the identity provider's set stops being
  // trusted within that time (jose itself keeps a fetched key set for 10 minutes).
  const verified = new Map<string, { principal: Principal; until: number }>();
  return {
    async authenticate(authorization) {
      if (authorization === undefined || authorization === '') return ANONYMOUS;
      const match = BEARER.exec(authorization.trim());
      if (!match) throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
      const token = match[1];
      const now = Date.now();
      const known = verified.get(token);
      if (known && known.until > now) return known.principal;
      if (known) verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, key as never, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms,
          clockTolerance: config.clockToleranceSeconds,
          requiredClaims: ['exp', 'sub'],
        });
        const principal = principalOf(payload as JWTPayload & Partial<TokenClaims>);
        Object.freeze(principal.scopes);
        Object.freeze(principal);
        const until = Math.min((payload.exp ?? 0) * 1000, Date.now() + VERIFIED_TOKEN_TTL_MS);
        if (until > Date.now()) {
          // Bounded: past the limit the oldest entry goes (a Map iterates in insertion order).
          if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
          verified.set(token, { principal, until });
        }
        return principal;
      } catch (error) {
        throw refusal(error);
      }
    },
  };
}
