// A small node:http front for Apollo Server, shared by the gateway and the subgraphs. We do not
// use `startStandaloneServer` because subgraphs must check a signature over the exact raw body
// before anything parses it, and the gateway serves /health and /metrics beside /graphql.
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';

/** Largest request body accepted; a GraphQL document plus variables is far smaller. */
const MAX_BODY_BYTES = 1_000_000;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Past this, an oversized body is cut off (the connection closed) rather than read to its end: a
 * body a little over the limit is read and discarded, so that the client gets its 413 answer
 * instead of a reset connection; a flood is not read at all.
 */
const MAX_DRAINED_BYTES = 16 * MAX_BODY_BYTES;

export function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAINED_BYTES) {
        reject(new HttpError(413, `Request body too large: at most ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, `Request body too large: at most ${MAX_BODY_BYTES} bytes`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Hands one HTTP request (body already read) to Apollo Server and writes its answer. */
export async function executeGraphQL<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  rawBody: string,
  context: () => Promise<TContext>,
  parsedBody?: unknown,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = parsedBody;
  if (body === undefined && request.method === 'POST' && rawBody) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      sendJson(response, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
  }
  const result = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: new URL(request.url ?? '/', 'http://x').search, body },
    context,
  });
  for (const [key, value] of result.headers) response.setHeader(key, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
