// Authentication and the production switch, without a database: JWKS verification with key
// rotation (RS256 and ES256), the refusals a production configuration makes, development tokens.
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AuthenticationError, createAuthenticator } from '../gateway/auth';
import { parseTokenArgs, parseTtl } from '../gateway/token-cli';
import { ConfigError, readAuthConfig, readGatewayConfig } from '../subgraphs/kit/config';

describe('JWKS (production)', () => {
  let server: http.Server;
  let keys: object[] = [];
  let url: string;
  beforeAll(async () => {
    server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const issue = async (alg: 'RS256' | 'ES256', kid: string, privateKey: Parameters<SignJWT['sign']>[0], claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid })
      .setSubject('u-1')
      .setIssuer('https://idp.example')
      .setAudience('customer-graph')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  it('verifies RS256 and ES256 tokens from the key set, and follows a key rotation', async () => {
    const config = { jwksUrl: url, issuer: 'https://idp.example', audience: 'customer-graph', clockToleranceSeconds: 5, jwksCooldownSeconds: 0 };
    const auth = createAuthenticator(config);
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    const agent = await auth.authenticate(`Bearer ${await issue('RS256', 'rsa-1', rsa.privateKey, { role: 'agent', store: 'P001' })}`);
    expect(agent).toEqual({ subject: 'u-1', role: 'agent', scopes: [], storeCode: 'P001' });
    const service = await auth.authenticate(`Bearer ${await issue('ES256', 'ec-1', ec.privateKey, { role: 'service', scope: 'read:store write:identity' })}`);
    expect(service.scopes).toEqual(['read:store', 'write:identity']);

    // The provider rotates: a new key is published, the old one withdrawn.
    const next = await generateKeyPair('RS256');
    keys = [{ ...(await exportJWK(next.publicKey)), kid: 'rsa-2', alg: 'RS256', use: 'sig' }];
    const rotated = await auth.authenticate(`Bearer ${await issue('RS256', 'rsa-2', next.privateKey, { role: 'analyst' })}`);
    expect(rotated.role).toBe('analyst');
    // A key the provider no longer publishes is refused, and so is an HS256 token (algorithm confusion).
    await expect(auth.authenticate(`Bearer ${await issue('RS256', 'rsa-1', rsa.privateKey, { role: 'agent' })}`)).rejects.toThrow(AuthenticationError);
    const hs = await new SignJWT({ role: 'privacy_officer' })
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-2' })
      .setSubject('x')
      .setIssuer('https://idp.example')
      .setAudience('customer-graph')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-secret-the-attacker-chose-32-chars!'));
    await expect(auth.authenticate(`Bearer ${hs}`)).rejects.toThrow(/algorithm/);
  });
});

describe('production configuration (NODE_ENV=production)', () => {
  const production = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks.json', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'customer-graph' };

  it('requires a JWKS, an issuer and an audience, and refuses the development secret', () => {
    expect(readAuthConfig(production)).toMatchObject({ jwksUrl: production.AUTH_JWKS_URL, issuer: 'https://idp.example' });
    expect(() => readAuthConfig({ ...production, AUTH_DEV_SECRET: 'x'.repeat(40) })).toThrow(/AUTH_DEV_SECRET is a development secret/);
    expect(() => readAuthConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URL is required/);
    expect(() => readAuthConfig({ ...production, AUTH_AUDIENCE: '' })).toThrow(/AUTH_AUDIENCE/);
  });

  it('turns introspection, suggestions and the explorer off, and cannot be talked out of it', () => {
    expect(readGatewayConfig(production)).toMatchObject({ production: true, introspection: false, explorer: false });
    expect(() => readGatewayConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' })).toThrow(ConfigError);
    expect(readGatewayConfig({})).toMatchObject({ production: false, introspection: true, explorer: true });
  });
});

describe('npm run token', () => {
  it('reads its arguments strictly', () => {
    expect(parseTokenArgs(['--role', 'agent', '--subject', 'marie', '--ttl', '2h'])).toEqual({ role: 'agent', subject: 'marie', ttlSeconds: 7200 });
    expect(parseTokenArgs(['--role', 'service', '--scope', 'read:store', '--scope', 'write:identity']).scopes).toEqual(['read:store', 'write:identity']);
    expect(() => parseTokenArgs(['--role', 'root'])).toThrow(/--role is required/);
    expect(() => parseTokenArgs(['--role', 'customer'])).toThrow(/--customer/);
    expect(() => parseTokenArgs(['--role', 'agent', '--customer', '0242d7ca-52eb-4110-91a3-7bd5abd8509c'])).toThrow(/customer role only/);
    expect(() => parseTokenArgs(['--role', 'agent', '--colour', 'red'])).toThrow(/Unknown option/);
    expect(() => parseTtl('forever')).toThrow(/--ttl/);
    expect(() => parseTtl('90d')).toThrow(/30d/);
  });
});
