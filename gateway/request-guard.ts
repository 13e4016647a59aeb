// The gateway's edge: what is refused before Apollo parses anything, with the status the GraphQL
// over HTTP spec gives it — 405 for a method other than GET/POST, 415 for a body that is not JSON,
// 400 for a body that is not a GraphQL request, for a NUL character anywhere in the document or the
// variables (PostgreSQL cannot store one: it reached it and came back as "Internal error"), and for
// a document longer than the token limit (counted with graphql's own lexer, stopping at the limit,
// so an enormous document costs no more than the limit to refuse).
import { Lexer, Source, TokenKind } from 'graphql';
import type { TrustedDocuments } from './trusted-documents';

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

export interface DocumentScan {
  /** Tokens counted, up to `limit + 1`. */
  tokens: number;
  /** A directive written twice on one location (`@a @a`): none of ours is repeatable. */
  repeatedDirective: string | null;
}

/**
 * One pass of graphql's own lexer over a document, stopping past `limit` tokens (a syntax error
 * stops it too: the parser then says what is wrong, as GRAPHQL_PARSE_FAILED). It also finds a
 * directive repeated on one location, which validation would otherwise report once per copy
 * (ten `@aa` gave ten errors: the work grows with the document).
 */
export function scanDocument(query: string, limit: number): DocumentScan {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let onThisLocation = new Set<string>();
  let depthInArguments = 0;
  let afterAt = false;
  let repeatedDirective: string | null = null;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF && tokens <= limit; token = lexer.advance()) {
      tokens += 1;
      if (afterAt) {
        afterAt = false;
        if (token.kind === TokenKind.NAME) {
          if (onThisLocation.has(token.value)) repeatedDirective ??= token.value;
          onThisLocation.add(token.value);
        }
        continue;
      }
      if (token.kind === TokenKind.AT) afterAt = true;
      else if (token.kind === TokenKind.PAREN_L && onThisLocation.size > 0) depthInArguments += 1;
      else if (token.kind === TokenKind.PAREN_R && depthInArguments > 0) depthInArguments -= 1;
      // Anything else outside a directive's arguments ends the directives of this location.
      else if (depthInArguments === 0) onThisLocation = new Set();
    }
  } catch {
    // A syntax error: let the parser say it, as GRAPHQL_PARSE_FAILED.
  }
  return { tokens, repeatedDirective };
}

/**
 * Documents that passed the scan, by text, with the token limit they passed under. The verdict
 * depends on the text and the limit only, and a client sends the same few texts again and again:
 * lexing customer-360's document on every request was 0.4 % of the CPU time of a process serving it.
 * Bounded (oldest out first) and only for texts of ordinary size (8 MB held at most; customer-360
 * is about 500 characters); a refused text is never kept (it is scanned, and refused, each time).
 */
const PASSED_MAX = 500;
const PASSED_MAX_LENGTH = 16 * 1024;
const passedScans = new Map<string, number>();

/** The refusal a scanned document deserves, if any. */
export function refuseDocument(query: string, maxTokens: number): Refusal | null {
  if (passedScans.get(query) === maxTokens) return null;
  const scan = scanDocument(query, maxTokens);
  if (scan.tokens > maxTokens) return { status: 400, code: 'BAD_USER_INPUT', message: `The query has more than ${maxTokens} tokens: ask for less in one request` };
  if (scan.repeatedDirective) {
    return { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: `The directive @${scan.repeatedDirective} is written twice on one location` };
  }
  if (query.length <= PASSED_MAX_LENGTH) {
    if (passedScans.size >= PASSED_MAX && !passedScans.has(query)) passedScans.delete(passedScans.keys().next().value as string);
    passedScans.set(query, maxTokens);
  }
  return null;
}

/** A POST body, parsed and checked; or the refusal to send. */
export function checkPostBody(raw: string, maxTokens: number, trusted?: TrustedDocuments): { body: GraphQLRequestBody } | { refusal: Refusal } {
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
  const admitted = trusted?.admit(request);
  if (admitted) return { refusal: admitted };
  const refusal = request.query ? refuseDocument(request.query, maxTokens) : null;
  return refusal ? { refusal } : { body: request };
}
