// Configuration, read once, typed, failing fast with the variable's name (STYLE 8). Every variable
// is listed with a comment in `.env.example`. Nothing else reads process.env for settings.
import { randomBytes } from 'node:crypto';

export class ConfigError extends Error {}

type Env = NodeJS.ProcessEnv;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed = new URL(raw);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error('not http');
    return raw;
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
}

/** A subgraph's name as its definition declares it (the registry, subgraphs/index.ts, checks them). */
export type SubgraphName = string;

/** `<NAME>_SUBGRAPH_URL`: where a separately started subgraph answers (the separate-process layout). */
const SUBGRAPH_URL_VARIABLE = /^([A-Z][A-Z0-9_]*)_SUBGRAPH_URL$/;

export interface SigningConfig {
  /** Shared HMAC secret between the gateway and the subgraphs. */
  secret: string;
  /** A signed request older (or further in the future) than this is refused. */
  maxAgeSeconds: number;
}

/** Minimum secret length: an HMAC key shorter than this is guessable. */
const MIN_SECRET_LENGTH = 32;

/**
 * The signing secret. Separate processes must share one (GATEWAY_SIGNING_SECRET); the single
 * process of `npm start` may draw a random one per run when none is given (`allowGenerated`).
 */
export function readSigningConfig(env: Env = process.env, allowGenerated = false): SigningConfig {
  let secret = env.GATEWAY_SIGNING_SECRET;
  if (!secret) {
    if (!allowGenerated) {
      throw new ConfigError(
        `GATEWAY_SIGNING_SECRET is required when the gateway and subgraphs run as separate processes ` +
          `(at least ${MIN_SECRET_LENGTH} characters, the same value for all of them)`,
      );
    }
    secret = randomBytes(32).toString('base64url');
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`GATEWAY_SIGNING_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  return { secret, maxAgeSeconds: integer(env, 'SIGNATURE_MAX_AGE_SECONDS', 30, 1, 600) };
}

/** `NODE_ENV=production`: the one switch that turns the development conveniences off. */
export function isProduction(env: Env = process.env): boolean {
  return env.NODE_ENV === 'production';
}

export interface GatewayConfig {
  /** NODE_ENV=production: no introspection, no field suggestions, no explorer page. */
  production: boolean;
  /** The explorer page at `/` (development only). */
  explorer: boolean;
  port: number;
  host: string;
  /** Per subgraph request; @apollo/gateway has none of its own. */
  subgraphTimeoutMs: number;
  /** Each subgraph's circuit breaker (gateway/breaker.ts): consecutive failures that open it, and how long it stays open before a trial call. */
  breakerFailureThreshold: number;
  breakerResetMs: number;
  /**
   * URLs of separately started subgraphs, from every `<NAME>_SUBGRAPH_URL` set; empty means run
   * them in this process. The gateway checks them against the registry (all or none, no stranger).
   */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Fields of one document, `__typename` included (gateway/operation-guard.ts). */
  maxFields: number;
  /** Requests running at once for one client (token subject, or address when anonymous), and in total (gateway/concurrency.ts). */
  maxConcurrentPerClient: number;
  maxConcurrentRequests: number;
  /** The cost (gateway/query-cost.ts) one client may have running at once: a few of the largest queries, many small ones. */
  maxClientCostInFlight: number;
  /** Run only the operations of this persisted query manifest (gateway/trusted-documents.ts); unset: any. */
  trustedDocumentsFile?: string;
  /**
   * How many values one query's answer may hold, `first` counted as the request runs (variables
   * included; gateway/query-cost.ts): bounds what one query can make the graph do.
   */
  maxCost: number;
  introspection: boolean;
}

export function readGatewayConfig(env: Env = process.env): GatewayConfig {
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const variable of Object.keys(env).sort()) {
    const name = SUBGRAPH_URL_VARIABLE.exec(variable)?.[1];
    const value = name ? url(env, variable) : undefined;
    if (name && value) subgraphUrls[name.toLowerCase()] = value;
  }
  const production = isProduction(env);
  const introspection = (env.GRAPHQL_INTROSPECTION ?? String(!production)) !== 'false';
  if (production && introspection) throw new ConfigError('GRAPHQL_INTROSPECTION cannot be true in production (NODE_ENV=production)');
  return {
    production,
    explorer: !production,
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    subgraphTimeoutMs: integer(env, 'SUBGRAPH_TIMEOUT_MS', 5000, 50, 120_000),
    // A restarted subgraph serves again within BREAKER_RESET_MS (and one call) of being back.
    breakerFailureThreshold: integer(env, 'BREAKER_FAILURE_THRESHOLD', 5, 1, 1000),
    breakerResetMs: integer(env, 'BREAKER_RESET_MS', 1000, 100, 600_000),
    subgraphUrls,
    maxDepth: integer(env, 'MAX_QUERY_DEPTH', 12, 2, 100),
    maxAliases: integer(env, 'MAX_QUERY_ALIASES', 30, 0, 1000),
    maxTokens: integer(env, 'MAX_QUERY_TOKENS', 5000, 100, 100_000),
    maxDirectives: integer(env, 'MAX_QUERY_DIRECTIVES', 50, 0, 1000),
    // The customer-360 screen asks for about 50 fields, an explorer query rarely 100; graphql-cop's
    // field-duplication check sends 500 `__typename`.
    maxFields: integer(env, 'MAX_QUERY_FIELDS', 250, 10, 100_000),
    maxConcurrentPerClient: integer(env, 'MAX_CONCURRENT_PER_CLIENT', 4, 1, 10_000),
    maxConcurrentRequests: integer(env, 'MAX_CONCURRENT_REQUESTS', 128, 1, 100_000),
    // A few of the largest counts (2,001 rows of a value or two) at once, or three customer-360
    // screens; a request alone always runs, whatever its cost under MAX_QUERY_COST.
    maxClientCostInFlight: integer(env, 'MAX_CLIENT_COST_IN_FLIGHT', 12_000, 100, 100_000_000),
    ...(env.TRUSTED_DOCUMENTS_FILE ? { trustedDocumentsFile: env.TRUSTED_DOCUMENTS_FILE } : {}),
    // Measured with gateway/query-cost.ts: the customer-360 screen (test/customer360) costs 3,443;
    // 100 customers x history(first: 20) with every entry field and its Receipt/Order record 54,201
    // (64,301 with edges, cursors and pageInfo); the same with history(first: 100) 270,201, refused.
    maxCost: integer(env, 'MAX_QUERY_COST', 100_000, 100, 10_000_000),
    introspection,
  };
}

export interface AuthConfig {
  /** Production: the identity provider's key set (RS256/ES256), fetched, cached and rotated by jose. */
  jwksUrl?: string;
  /** Development and tests: an HS256 secret (unset: the gateway uses .data/dev-auth-secret, made on first use). */
  devSecret?: string;
  /** Tokens must name this issuer (`iss`) and this audience (`aud`). */
  issuer: string;
  audience: string;
  /** Leeway for expiry and not-before, between the identity provider's clock and ours. */
  clockToleranceSeconds: number;
  /** After a JWKS fetch, the least time before another (a token with an unknown key id refetches). */
  jwksCooldownSeconds?: number;
}

export const DEVELOPMENT_ISSUER = 'customer-graph-dev';
export const DEFAULT_AUDIENCE = 'customer-graph';

/**
 * How the gateway verifies bearer tokens. Production (NODE_ENV=production) requires AUTH_JWKS_URL,
 * AUTH_ISSUER and AUTH_AUDIENCE, and refuses the development secret.
 */
export function readAuthConfig(env: Env = process.env): AuthConfig {
  const jwksUrl = url(env, 'AUTH_JWKS_URL');
  const devSecret = env.AUTH_DEV_SECRET || undefined;
  const clockToleranceSeconds = integer(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 300);
  if (isProduction(env)) {
    if (devSecret) throw new ConfigError('AUTH_DEV_SECRET is a development secret: production (NODE_ENV=production) verifies tokens with AUTH_JWKS_URL only');
    if (!jwksUrl) throw new ConfigError('AUTH_JWKS_URL is required in production (NODE_ENV=production): the identity provider\'s JWKS endpoint');
    if (!env.AUTH_ISSUER) throw new ConfigError('AUTH_ISSUER is required in production (NODE_ENV=production)');
    if (!env.AUTH_AUDIENCE) throw new ConfigError('AUTH_AUDIENCE is required in production (NODE_ENV=production)');
  }
  if (devSecret !== undefined && devSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`AUTH_DEV_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  return {
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(devSecret && !jwksUrl ? { devSecret } : {}),
    issuer: env.AUTH_ISSUER || DEVELOPMENT_ISSUER,
    audience: env.AUTH_AUDIENCE || DEFAULT_AUDIENCE,
    clockToleranceSeconds,
    jwksCooldownSeconds: integer(env, 'AUTH_JWKS_COOLDOWN_SECONDS', 30, 0, 3600),
  };
}

export interface SubgraphListenConfig {
  port: number;
  host: string;
}

export function readSubgraphListenConfig(env: Env = process.env): SubgraphListenConfig {
  return { port: integer(env, 'SUBGRAPH_PORT', 4001, 0, 65535), host: env.SUBGRAPH_HOST || '127.0.0.1' };
}

export interface DataSetConfig {
  people: number;
  seed: number;
}

/** The data set `npm start` generates into an empty embedded cluster. */
export function readDataSetConfig(env: Env = process.env): DataSetConfig {
  return { people: integer(env, 'GENERATE_PEOPLE', 2000, 1, 10_000_000), seed: integer(env, 'GENERATE_SEED', 42, 0, 2 ** 31 - 1) };
}

/**
 * READ_MODEL: the tables whose read model this deployment turns on (kit/read-model.ts), as
 * `<system>.<table>` separated by commas (`store.TICKET`); unset or empty: none, every read goes
 * through to the legacy table (the default). Checked here for form; kit/read-model.ts
 * selectReadModels checks each name against what the channels declare.
 */
export function readReadModelSetting(env: Env = process.env): string[] {
  const raw = env.READ_MODEL ?? '';
  const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
  for (const name of names) {
    if (!/^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ConfigError(`READ_MODEL must list <system>.<table> names separated by commas (e.g. store.TICKET), got "${name}"`);
    }
  }
  return names;
}

/**
 * CHANGE_STREAM: the legacy systems whose changes stream in by logical decoding instead of being
 * polled (kit/change-stream.ts), separated by commas (`store,callcentre`); unset or empty: none,
 * every system is polled (the default). Each must be one of `systems` (the registry's).
 */
export function readChangeStreamSetting(systems: readonly string[], env: Env = process.env): string[] {
  const raw = env.CHANGE_STREAM ?? '';
  const names = [...new Set(raw.split(',').map((name) => name.trim()).filter((name) => name !== ''))];
  for (const name of names) {
    if (!systems.includes(name)) {
      throw new ConfigError(`CHANGE_STREAM must list legacy systems separated by commas (${systems.join(', ')}), got "${name}"`);
    }
  }
  return names;
}
