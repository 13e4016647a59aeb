// The explorer a browser gets at `GET /` (development only: config.explorer), served by the gateway
// itself: GraphiQL and React exactly as their npm packages ship them (UMD builds, read from
// node_modules once at start-up), and a small script of ours (explorer.client.js) that adds the
// saved analyst queries and the token hint. Nothing comes from a CDN: analysts inside a retailer's
// network often have no internet, and the page's Content-Security-Policy lets the browser load
// nothing from anywhere but this gateway.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { projectPath } from '../../subgraphs/kit/databases';
import { SAVED_QUERIES, SavedQuery } from './saved-queries';

/** Where the page's files are served; relative links, so the page also works behind a path prefix. */
export const EXPLORER_ASSETS_PATH = '/explorer/';

interface Asset {
  type: string;
  body: Buffer;
}

// Everything from our own origin; inline styles because CodeMirror positions with style attributes;
// data: for the fonts and icons GraphiQL inlines in its stylesheet. No 'unsafe-eval', no inline script.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function packageFile(name: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}

function readAssets(): Map<string, Asset> {
  const js = 'text/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  const files: [string, string, string][] = [
    ['react.production.min.js', packageFile('react', 'umd/react.production.min.js'), js],
    ['react-dom.production.min.js', packageFile('react-dom', 'umd/react-dom.production.min.js'), js],
    ['graphiql.min.js', packageFile('graphiql', 'graphiql.min.js'), js],
    ['graphiql.min.css', packageFile('graphiql', 'graphiql.min.css'), css],
    ['explorer.js', projectPath('gateway', 'explorer', 'explorer.client.js'), js],
    ['explorer.css', projectPath('gateway', 'explorer', 'explorer.css'), css],
  ];
  return new Map(files.map(([name, file, type]) => [name, { type, body: fs.readFileSync(file) }]));
}

/** JSON safe inside a <script> element: no `</script>` or `<!--` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function page(savedQueries: readonly SavedQuery[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer Graph explorer</title>
<link rel="stylesheet" href="explorer/graphiql.min.css">
<link rel="stylesheet" href="explorer/explorer.css">
</head>
<body>
<div id="explorer">Loading the explorer…</div>
<script type="application/json" id="saved-queries">${scriptJson(savedQueries)}</script>
<script src="explorer/react.production.min.js"></script>
<script src="explorer/react-dom.production.min.js"></script>
<script src="explorer/graphiql.min.js"></script>
<script src="explorer/explorer.js"></script>
</body>
</html>
`;
}

export interface Explorer {
  /** Answers the request and returns true when it is the explorer's (the page or one of its files). */
  serve(request: http.IncomingMessage, response: http.ServerResponse, path: string): boolean;
}

/** Reads the explorer's files once; throws at start-up, naming the file, when a package is missing. */
export function loadExplorer(savedQueries: readonly SavedQuery[] = SAVED_QUERIES): Explorer {
  const assets = readAssets();
  const html = Buffer.from(page(savedQueries));
  return {
    serve(request, response, pathname) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      if (pathname.startsWith(EXPLORER_ASSETS_PATH)) {
        const asset = assets.get(pathname.slice(EXPLORER_ASSETS_PATH.length));
        if (!asset) return false;
        response.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
        response.end(request.method === 'HEAD' ? undefined : asset.body);
        return true;
      }
      // The page for a browser (it asks for HTML) that sends no query: GET /graphql?query=… stays GraphQL.
      const wantsPage =
        (pathname === '/' || pathname === '/graphql') &&
        /\btext\/html\b/.test(request.headers.accept ?? '') &&
        !new URL(request.url ?? '/', 'http://x').searchParams.has('query');
      if (!wantsPage) return false;
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': html.length,
        'cache-control': 'no-cache',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      response.end(request.method === 'HEAD' ? undefined : html);
      return true;
    },
  };
}
