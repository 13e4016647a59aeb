// The offline explorer (issue 13, item 6): GraphiQL served by the gateway from node_modules, with
// the saved analyst queries and the token paste, and nothing loaded from anywhere else.
// - The page and its files over HTTP: every link relative to the gateway, a Content-Security-Policy
//   that lets the browser load nothing from elsewhere; GraphQL over GET and POST unchanged; no page
//   and no files in production.
// - Every saved query is valid against the committed supergraph and answers through the gateway
//   with the role its description names, without an error.
// - In headless Chromium (Debian's `chromium`, driven by playwright-core), every request to anything
//   but the gateway aborted: the page loads, a saved query opens from the panel, a privacy officer's
//   token is pasted into the Headers pane, the query runs and its answer renders. Without Chromium
//   that test is skipped, saying why (apt-get install chromium; .ci/run tries it).
import { spawnSync } from 'node:child_process';
import { buildSchema, parse, validate, OperationDefinitionNode } from 'graphql';
import type { Browser, Page } from 'playwright-core';
import { SAVED_QUERIES, SavedQuery } from '../gateway/explorer/saved-queries';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../subgraphs/customer/journal/ingest';
import { readCommittedSupergraph } from '../schema/compose';
import { startTestGraph, TestGraph } from './support/test-graph';

/** The system's Chromium: CHROMIUM_PATH, else the first of the usual names on PATH. */
function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser || command -v google-chrome'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim().split('\n')[0] : null;
}
const chromiumPath = findChromium();
if (!chromiumPath) {
  console.warn('The explorer was not loaded in a browser: Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH; .ci/run tries it)');
}
const itWithChromium = chromiumPath
  ? it
  : (name: string, test: () => Promise<void>): void => it.skip(`${name} (skipped: Chromium is not installed)`, test);

let graph: TestGraph;
let origin: string;

beforeAll(async () => {
  graph = await startTestGraph();
  origin = new URL(graph.graph.gateway.url).origin;
  // The journal the analysts' counts read.
  await resolveIdentities(graph.databases.urls);
  await ingestTouchpoints(graph.databases.urls);
}, 300_000);

afterAll(async () => {
  await graph?.stop();
});

const savedQuery = (title: string): SavedQuery => SAVED_QUERIES.find((saved) => saved.title === title)!;
const COMPLAINTS = 'Complaints per channel per week';
const CALLS_AFTER_WEB_ORDER = 'Customers who called within 7 days of a web order';
const COUPONS = "A campaign's coupons redeemed in store versus on the web";

describe('the page and its files', () => {
  const html = (path: string) => fetch(`${origin}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });

  it('serves GraphiQL at GET / from the gateway itself: every link relative, nothing from elsewhere', async () => {
    const response = await html('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/connect-src 'self'(;|$)/);
    const page = await response.text();
    expect(page).not.toMatch(/https?:\/\//);
    const links = [...page.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(links).toEqual(expect.arrayContaining(['explorer/graphiql.min.js', 'explorer/graphiql.min.css', 'explorer/explorer.js']));
    for (const link of links) {
      expect(link).toMatch(/^explorer\/[a-z.-]+$/);
      const asset = await fetch(`${origin}/${link}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(link.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      const body = await asset.text();
      if (link.endsWith('.css')) {
        // Stylesheets pull nothing in: no @import, fonts and icons inlined as data: URLs.
        expect(body).not.toMatch(/@import/);
        expect(body).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
      }
    }
    // The saved queries travel in the page itself.
    for (const saved of SAVED_QUERIES) expect(page).toContain(JSON.stringify(saved.title).replace(/</g, '\\u003c'));
  });

  it('leaves GraphQL as it was: the page only for a browser asking /graphql without a query; unknown files 404', async () => {
    expect((await html('/graphql')).headers.get('content-type')).toMatch(/^text\/html/);
    const get = await fetch(`${origin}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const post = await fetch(`${origin}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await fetch(`${origin}/explorer/package.json`)).status).toBe(404);
    expect((await fetch(`${origin}/explorer/../package.json`)).status).toBe(404);
  });

  it('is not there in production (NODE_ENV=production): no page, no files', async () => {
    const production = await graph.startGateway({ NODE_ENV: 'production' });
    const productionOrigin = new URL(production.url).origin;
    const page = await fetch(`${productionOrigin}/`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).not.toMatch(/html/);
    expect(await page.text()).not.toMatch(/<html/i);
    expect((await fetch(`${productionOrigin}/explorer/graphiql.min.js`)).status).toBe(404);
  });
});

describe('the saved queries', () => {
  const supergraph = buildSchema(readCommittedSupergraph() ?? '');
  const operations = (saved: SavedQuery) =>
    parse(saved.query).definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition');

  it('answer the issue’s three questions, each valid against the committed supergraph', () => {
    expect(SAVED_QUERIES.map((saved) => saved.title)).toEqual(expect.arrayContaining([COMPLAINTS, CALLS_AFTER_WEB_ORDER, COUPONS]));
    for (const saved of SAVED_QUERIES) {
      expect({ title: saved.title, errors: validate(supergraph, parse(saved.query)).map((error) => error.message) }).toEqual({ title: saved.title, errors: [] });
      expect(operations(saved).every((operation) => operation.name)).toBe(true);
    }
  });

  // Each description names the role that can run it: the analyst's.
  const analyst = { role: 'analyst' as const, subject: 'bi-explorer' };
  async function fetchOperation(saved: SavedQuery, operationName: string, variables: Record<string, unknown>) {
    const token = await graph.token(analyst);
    const response = await fetch(graph.graph.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'analysis' },
      body: JSON.stringify({ query: saved.query, operationName, variables }),
    });
    return { status: response.status, ...((await response.json()) as { data?: any; errors?: unknown[] }) };
  }

  it('complaints per channel per week: counts per Monday and channel, with the analyst role', async () => {
    const answer = await fetchOperation(savedQuery(COMPLAINTS), 'ComplaintsPerChannelPerWeek', savedQuery(COMPLAINTS).variables);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.interactionCounts.length).toBeGreaterThan(0);
    for (const row of answer.data.interactionCounts) {
      expect(new Date(`${row.period}T12:00:00Z`).getUTCDay()).toBe(1);
      expect(row.count).toBeGreaterThan(0);
    }
  });

  it('calls within 7 days of a web order: the orders, then one customer’s calls in the 7 days after', async () => {
    const saved = savedQuery(CALLS_AFTER_WEB_ORDER);
    const orders = await fetchOperation(saved, 'WebOrders', saved.variables);
    expect(orders.errors).toBeUndefined();
    const order = orders.data.interactions.nodes.find((node: { customerId: string | null }) => node.customerId);
    expect(order).toBeDefined();
    const orderedAt = new Date(order.occurredAt);
    const calls = await fetchOperation(saved, 'CallsWithin7Days', {
      customerId: order.customerId,
      orderedAt: orderedAt.toISOString(),
      sevenDaysLater: new Date(orderedAt.getTime() + 7 * 86_400_000).toISOString(),
    });
    expect(calls.errors).toBeUndefined();
    expect(Array.isArray(calls.data.interactions.nodes)).toBe(true);
  });

  it('coupons in store versus on the web: the campaigns, then one campaign’s redemptions', async () => {
    const saved = savedQuery(COUPONS);
    const campaigns = await fetchOperation(saved, 'Campaigns', {});
    expect(campaigns.errors).toBeUndefined();
    expect(campaigns.data.campaigns.nodes.length).toBeGreaterThan(0);
    // The saved variables name a campaign that exists in the generated data.
    const redemption = await fetchOperation(saved, 'CouponRedemption', saved.variables);
    expect(redemption.errors).toBeUndefined();
    const { statistics } = redemption.data.campaign;
    expect(statistics.couponsRedeemedInStore + statistics.couponsRedeemedOnWeb).toBeLessThanOrEqual(statistics.couponsRedeemed);
  });
});

describe('in a browser with no internet', () => {
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
  });

  /** The text of one CodeMirror editor of the page, as GraphiQL holds it. */
  const editorText = (page: Page, selector: string): Promise<string> =>
    page.$eval(selector, (element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());

  itWithChromium('loads from the gateway alone, runs a saved query with a pasted token, and renders the answer', async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath!,
      headless: true,
      // Chromium's sandbox cannot start as root (CI containers).
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
    const elsewhere: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      elsewhere.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });

    await page.goto(`${origin}/`);
    await page.locator('.graphiql-container').waitFor();
    // The saved queries are the first tabs, and the panel is open.
    await page.getByRole('tab', { name: /ComplaintsPerChannelPerWeek/ }).first().waitFor();
    const open = page.getByRole('button', { name: COMPLAINTS });
    await open.waitFor();

    // A new tab from the panel: the saved query and its variables.
    await open.click();
    const queryEditor = '.graphiql-query-editor .CodeMirror';
    await page.waitForFunction(
      ([selector, count]) => {
        const tabs = document.querySelectorAll('[role="tab"]');
        const editor = document.querySelector(selector) as unknown as { CodeMirror?: { getValue(): string } } | null;
        return tabs.length === count && (editor?.CodeMirror?.getValue() ?? '').includes('query ComplaintsPerChannelPerWeek');
      },
      [queryEditor, SAVED_QUERIES.length + 1] as const,
    );
    const saved = savedQuery(COMPLAINTS);
    expect(await editorText(page, queryEditor)).toBe(saved.query);

    // The token: pasted over the hint in the Headers pane, as an analyst would.
    const headersEditor = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
    expect(await editorText(page, headersEditor)).toMatch(/"Authorization": "Bearer PASTE-A-TOKEN-HERE/);
    const token = await graph.token({ role: 'privacy_officer', subject: 'explorer-test' });
    await page.click(headersEditor);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}`, 'x-purpose': 'analysis' }, null, 2));
    expect(JSON.parse(await editorText(page, headersEditor))).toEqual({ Authorization: `Bearer ${token}`, 'x-purpose': 'analysis' });

    // Run it: the request carries the token and the purpose; the answer renders.
    const sent = page.waitForRequest((request) => request.method() === 'POST' && request.postData()?.includes('ComplaintsPerChannelPerWeek') === true);
    await page.click('.graphiql-execute-button');
    const request = await sent;
    expect(request.headers().authorization).toBe(`Bearer ${token}`);
    expect(request.headers()['x-purpose']).toBe('analysis');
    const response = page.locator('.graphiql-response');
    await response.getByText('"interactionCounts"').waitFor();

    const expected = await graph.query(saved.query, saved.variables, { as: { role: 'privacy_officer' } });
    expect(expected.errors).toBeUndefined();
    expect(expected.data.interactionCounts.length).toBeGreaterThan(0);
    // What the page holds is the graph's answer; what it shows starts with its first row.
    expect(JSON.parse(await editorText(page, '.graphiql-response .CodeMirror'))).toEqual({ data: expected.data });
    const shown = await response.innerText();
    const first = expected.data.interactionCounts[0];
    expect(shown).toContain(`"period": "${first.period}"`);
    expect(shown).toContain(`"channel": "${first.channel}"`);
    expect(shown).toContain(`"count": ${first.count}`);

    if (process.env.EXPLORER_SCREENSHOT) await page.screenshot({ path: process.env.EXPLORER_SCREENSHOT });
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });
});
