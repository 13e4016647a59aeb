// Trusted documents (optional, for production): with TRUSTED_DOCUMENTS_FILE set, the gateway runs
// only the operations of that manifest — Apollo's persisted query manifest format, `{ "format":
// "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id": "<sha256 of body>",
// "body": "…", "name": "…", "type": "query" }] }`, which the client tooling generates from the
// front ends' code. A client sends either the document itself (its SHA-256 must be listed) or
// only its hash (`extensions.persistedQuery.sha256Hash`); anything else is refused with 400
// before it is parsed. Nobody can then send the graph a query its owners have not reviewed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { GraphQLRequestBody, Refusal } from './request-guard';

export interface TrustedDocuments {
  /** The document to run for `body`, or the refusal. Fills `body.query` when only a hash was sent. */
  admit(body: GraphQLRequestBody): Refusal | null;
  size: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function loadTrustedDocuments(file: string): TrustedDocuments {
  let manifest: { format?: string; version?: number; operations?: { id?: string; body?: string }[] };
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS_FILE cannot be read as JSON: ${(error as Error).message}`);
  }
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new Error('TRUSTED_DOCUMENTS_FILE must be an Apollo persisted query manifest (format "apollo-persisted-query-manifest", version 1)');
  }
  const documents = new Map<string, string>();
  for (const operation of manifest.operations) {
    if (typeof operation.body !== 'string') throw new Error('TRUSTED_DOCUMENTS_FILE: every operation needs its "body"');
    const id = sha256(operation.body);
    if (operation.id !== undefined && operation.id !== id) throw new Error(`TRUSTED_DOCUMENTS_FILE: operation "${operation.id}" is not the SHA-256 of its body`);
    documents.set(id, operation.body);
  }
  const refusal: Refusal = {
    status: 400,
    code: 'PERSISTED_QUERY_NOT_FOUND',
    message: 'This graph runs trusted documents only: the query is not one of them',
  };
  return {
    size: documents.size,
    admit(body) {
      const hash = (body.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      if (body.query === undefined) {
        const known = typeof hash === 'string' ? documents.get(hash) : undefined;
        if (!known) return refusal;
        body.query = known;
        return null;
      }
      return documents.has(sha256(body.query)) ? null : refusal;
    },
  };
}
