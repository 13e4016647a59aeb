// `npm run token -- --role agent [--subject marie.d] [--customer ID] [--scope read:store] [--ttl 1h]`
// prints a development token signed with the development secret (AUTH_DEV_SECRET, or the one kept
// in .data/dev-auth-secret that `npm start` uses). Exit 2 on bad arguments; production refuses.
import { parseArgs } from 'node:util';
import { isCustomerId, TOKEN_ROLES } from '../subgraphs/kit/access/principal';
import { ConfigError, isProduction, readAuthConfig } from '../subgraphs/kit/config';
import { DevTokenRequest, developmentSecret, signDevelopmentToken } from './dev-tokens';

const USAGE = `usage: npm run token -- --role <${TOKEN_ROLES.join('|')}> [--subject ID] [--customer CUSTOMER_ID] [--scope SCOPE]... [--store CODE] [--queue CODE] [--ttl 1h]`;

class UsageError extends Error {}

/** `90s`, `15m`, `1h`, `7d` → seconds (at most 30 days: a development token is not a credential to keep). */
export function parseTtl(text: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  if (!match) throw new UsageError(`--ttl must be a number and a unit (s, m, h, d), e.g. 1h; got "${text}"`);
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  if (seconds < 1 || seconds > 30 * 86400) throw new UsageError('--ttl must be between 1s and 30d');
  return seconds;
}

export function parseTokenArgs(args: string[]): DevTokenRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        role: { type: 'string' },
        subject: { type: 'string' },
        customer: { type: 'string' },
        scope: { type: 'string', multiple: true },
        store: { type: 'string' },
        queue: { type: 'string' },
        ttl: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const role = values.role;
  if (!role || !(TOKEN_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role is required, one of ${TOKEN_ROLES.join(', ')}\n${USAGE}`);
  if (role === 'customer' && !isCustomerId(values.customer)) throw new UsageError('a customer token needs --customer <customer id> (a UUID, e.g. from `npm start`)');
  if (role !== 'customer' && values.customer !== undefined) throw new UsageError('--customer is for the customer role only');
  return {
    role: role as DevTokenRequest['role'],
    ...(values.subject ? { subject: values.subject } : {}),
    ...(values.customer ? { customerId: values.customer } : {}),
    ...(values.scope ? { scopes: values.scope } : {}),
    ...(values.store ? { storeCode: values.store } : {}),
    ...(values.queue ? { queue: values.queue } : {}),
    ttlSeconds: values.ttl ? parseTtl(values.ttl) : 3600,
  };
}

async function main(): Promise<number> {
  let request: DevTokenRequest;
  try {
    request = parseTokenArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`token: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
  if (isProduction()) throw new ConfigError('development tokens are refused in production (NODE_ENV=production): tokens come from the identity provider');
  const config = readAuthConfig();
  if (config.jwksUrl) throw new ConfigError('AUTH_JWKS_URL is set: the gateway verifies tokens from the identity provider, not development ones');
  console.log(await signDevelopmentToken(developmentSecret(config), config, request));
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`token failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
