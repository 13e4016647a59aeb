// The edge's document scan (gateway/request-guard.ts) remembers the texts that passed: a verdict
// must still be the scan's for every text and every limit, whatever was asked before.
import { refuseDocument } from '../gateway/request-guard';

const document = (fields: number): string => `query Remembered${fields} { ${Array.from({ length: fields }, (_, i) => `a${i}: __typename`).join(' ')} }`;

it('gives the same verdict for a text however often it is asked, under each limit', () => {
  const text = document(40);
  expect(refuseDocument(text, 1000)).toBeNull();
  expect(refuseDocument(text, 1000)).toBeNull();
  // Passed under 1000 tokens, still too long under 50: the limit is part of the verdict.
  expect(refuseDocument(text, 50)?.status).toBe(400);
  expect(refuseDocument(text, 50)?.message).toContain('more than 50 tokens');
  expect(refuseDocument(text, 1000)).toBeNull();
  expect(refuseDocument(text, 50)?.status).toBe(400);
});

it('refuses a refused text every time', () => {
  const repeated = 'query { __typename @include(if: true) @include(if: true) }';
  for (let i = 0; i < 3; i += 1) expect(refuseDocument(repeated, 1000)?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

it('keeps a bounded number of texts, and verdicts stay right past the bound', () => {
  for (let i = 0; i < 1200; i += 1) expect(refuseDocument(document(i % 7) + ` # ${i}`, 1000)).toBeNull();
  expect(refuseDocument(document(40), 50)?.status).toBe(400);
  expect(refuseDocument(document(40), 1000)).toBeNull();
});
