// docker-compose.yml validated offline: Debian's `docker-compose` (1.29) checks the file against
// the Compose schema and resolves it (`config`) without a Docker engine. Where the binary is missing
// the test is skipped and says why (CI installs it best-effort: .ci/run). Beyond the schema: the
// layout starts from nothing in order — postgres healthy, the one-shot setup done, then the
// subgraphs and workers, the gateway once every subgraph is healthy, itself checked on GET /health.
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../subgraphs/kit/databases';

const found = spawnSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' });
const binary = found.status === 0 ? found.stdout.trim() : null;
if (!binary) console.warn('docker-compose.yml not validated: docker-compose is not installed (apt-get install docker-compose; .ci/run tries it)');

const SECRET = 'a-test-signing-secret-of-32-characters-or-more';
// Nothing of this machine's .env or shell reaches the check: an empty env file and a bare environment.
const emptyEnvFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compose-')), 'empty.env');
fs.writeFileSync(emptyEnvFile, '');

function compose(args: string[], env: Record<string, string> = { GATEWAY_SIGNING_SECRET: SECRET }): SpawnSyncReturns<string> {
  return spawnSync(binary!, ['--env-file', emptyEnvFile, '-f', projectPath('docker-compose.yml'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    timeout: 60_000,
  });
}

/** The resolved file's services, each as its block of `docker-compose config` output (normalised YAML). */
function services(resolved: string): Map<string, string> {
  const section = resolved.slice(resolved.indexOf('\nservices:\n') + 1).split(/\n(?=\S)/)[0];
  const blocks = new Map<string, string>();
  for (const block of section.split(/\n(?=  [a-z][a-z0-9_-]*:\n)/).slice(1)) blocks.set(block.trim().split(':')[0], block);
  return blocks;
}

const itWithCompose = binary
  ? it
  : (name: string, test: () => void): void => it.skip(`${name} (skipped: docker-compose is not installed)`, test);

itWithCompose('docker-compose config -q accepts docker-compose.yml', () => {
  const result = compose(['config', '-q']);
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
});

itWithCompose('refuses to start without GATEWAY_SIGNING_SECRET, saying so', () => {
  const result = compose(['config', '-q'], {});
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('set GATEWAY_SIGNING_SECRET');
});

itWithCompose('starts from nothing in order: postgres healthy, setup done, subgraphs healthy, gateway checked on /health', () => {
  const result = compose(['config']);
  expect(result.status).toBe(0);
  const blocks = services(result.stdout);
  expect([...blocks.keys()].sort()).toEqual(['callcentre', 'customer', 'ecommerce', 'gateway', 'marketing', 'postgres', 'setup', 'store', 'workers']);

  expect(blocks.get('postgres')).toContain('pg_isready');
  const setup = blocks.get('setup')!;
  expect(setup).toMatch(/- dist\/devtools\/db-setup-cli\.js\n\s+- --legacy\n\s+- --generate\n\s+- '0'/); // no data set unless GENERATE_PEOPLE
  expect(setup).toMatch(/postgres:\n\s+condition: service_healthy/);
  expect(setup).toMatch(/restart: .no./);

  const subgraphs = ['customer', 'store', 'ecommerce', 'callcentre', 'marketing'];
  for (const name of [...subgraphs, 'workers']) {
    const block = blocks.get(name)!;
    expect({ name, after: /setup:\n\s+condition: service_completed_successfully/.test(block) }).toEqual({ name, after: true });
    // Every process is the compiled project from the image (npm ci && npm run build in the Dockerfile).
    expect({ name, built: /build:\n\s+context: /.test(block) && /- dist\//.test(block) }).toEqual({ name, built: true });
  }
  for (const name of subgraphs) expect({ name, checked: blocks.get(name)!.includes('healthcheck:') }).toEqual({ name, checked: true });

  const gateway = blocks.get('gateway')!;
  for (const name of subgraphs) expect(gateway).toMatch(new RegExp(`${name}:\\n\\s+condition: service_healthy`));
  expect(gateway).toMatch(/healthcheck:[\s\S]*fetch\(\W*http:\/\/127\.0\.0\.1:4000\/health/);
  for (const variable of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'NODE_ENV']) expect(gateway).toContain(`${variable}:`);

  // With GENERATE_PEOPLE, the setup fills the (empty) legacy databases with a development data set.
  const withData = compose(['config'], { GATEWAY_SIGNING_SECRET: SECRET, GENERATE_PEOPLE: '500' });
  expect(services(withData.stdout).get('setup')).toMatch(/- --generate\n\s+- '500'/);
});

it('the Dockerfile builds what the services run: npm ci, then npm run build', () => {
  const dockerfile = fs.readFileSync(projectPath('Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/RUN npm ci[^\n]*\n(?:.*\n)*RUN npm run build/);
  expect(dockerfile).toMatch(/^USER node$/m);
});
