// Development tokens: HS256 JWTs signed with the development secret, for `npm run token`, the
// tokens `npm start` prints, and the tests. Production refuses this secret (kit/config.ts).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from '../subgraphs/kit/access/principal';
import type { AuthConfig } from '../subgraphs/kit/config';
import { projectPath } from '../subgraphs/kit/databases';

/**
 * The development secret: AUTH_DEV_SECRET, or one drawn once and kept in .data/dev-auth-secret
 * (readable by its owner only), so that `npm start` and `npm run token` agree without setup.
 */
export function developmentSecret(config: AuthConfig, file = projectPath('.data', 'dev-auth-secret')): string {
  if (config.devSecret) return config.devSecret;
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export interface DevTokenRequest {
  role: Exclude<Role, 'anonymous'>;
  subject?: string;
  customerId?: string;
  scopes?: string[];
  storeCode?: string;
  queue?: string;
  /** Lifetime in seconds (default one hour). */
  ttlSeconds?: number;
}

export async function signDevelopmentToken(secret: string, config: Pick<AuthConfig, 'issuer' | 'audience'>, request: DevTokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    role: request.role,
    ...(request.scopes?.length ? { scope: request.scopes.join(' ') } : {}),
    ...(request.customerId ? { customer_id: request.customerId } : {}),
    ...(request.storeCode ? { store: request.storeCode } : {}),
    ...(request.queue ? { queue: request.queue } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject ?? `dev-${request.role}`)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.ttlSeconds ?? 3600))
    .sign(new TextEncoder().encode(secret));
}
