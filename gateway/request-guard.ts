// The gateway's edge: what is refused before Apollo parses anything, with the status the GraphQL
// over HTTP spec gives it — 405 for a method other than GET/POST, 415 for a body that is not JSON,
// 400 for a body that is not a GraphQL request, for a NUL character anywhere in the document or the
// variables (PostgreSQL cannot store one: it reached it and came back as "Internal error"), and for
// a document longer than the token limit (counted with graphql's own lexer, stopping at the limit,
// so an enormous document costs no more than the limit to refuse).
import { Lexer, Source, TokenKind } from 'graphql';

export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

export interface GraphQLRequestBody {
  query?: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

const JSON_TYPES = /^application\/(json|graphql-response\+json)\s*(;.*)?$/i;

export function refuseMethod(method: string | undefined): Refusal | null {
  if (method === 'GET' || method === 'POST') return null;
  return { status: 405, code: 'BAD_REQUEST', message: 'The graph answers GET and POST only', headers: { allow: 'GET, POST' } };
}

export function refuseContentType(method: string | undefined, contentType: string | undefined): Refusal | null {
  if (method !== 'POST') return null;
  if (contentType && JSON_TYPES.test(contentType.trim())) return null;
  return { status: 415, code: 'BAD_REQUEST', message: 'A POST body must be JSON: send "content-type: application/json"' };
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  for (const [key, item] of Object.entries(value)) if (key.includes('\u0000') || containsNul(item, depth + 1)) return true;
  return false;
}

/** The number of tokens of `query`, counted up to `limit + 1` (a syntax error stops the count: Apollo reports it). */
export function countTokens(query: string, limit: number): number {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (tokens <= limit && lexer.advance().kind !== TokenKind.EOF) tokens += 1;
  } catch {
    // A syntax error: let the parser say it, as GRAPHQL_PARSE_FAILED.
  }
  return tokens;
}

/** A POST body, parsed and checked; or the refusal to send. */
export function checkPostBody(raw: string, maxTokens: number): { body: GraphQLRequestBody } | { refusal: Refusal } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { refusal: { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON' } };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { refusal: { status: 400, code: 'BAD_REQUEST', message: 'The request body must be a JSON object: { "query": …, "variables": … }' } };
  }
  const request = body as GraphQLRequestBody;
  if (request.query !== undefined && typeof request.query !== 'string') {
    return { refusal: { status: 400, code: 'BAD_REQUEST', message: '"query" must be a string' } };
  }
  if (containsNul(request.query) || containsNul(request.variables) || containsNul(request.operationName)) {
    return { refusal: { status: 400, code: 'BAD_USER_INPUT', message: 'NUL characters (\\u0000) are not accepted in a query or its variables' } };
  }
  if (request.query && countTokens(request.query, maxTokens) > maxTokens) {
    return { refusal: { status: 400, code: 'BAD_USER_INPUT', message: `The query has more than ${maxTokens} tokens: ask for less in one request` } };
  }
  return { body: request };
}
