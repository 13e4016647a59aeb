// Hive Gateway's signature as the subgraphs check it, without a server (the end-to-end test,
// hive-gateway.e2e.test.ts, checks it against Hive Gateway itself): the same rules as our own header
// signature — fresh, for this subgraph, once — and the forwarded claims covered by it.
import { HIVE_SIGNATURE_EXTENSION, hiveSignature, hiveSignedContent, hiveStamp, NonceMemory, stableJson, verifyHiveRequest } from '../subgraphs/kit/signature';

const signing = { secret: 's'.repeat(40), maxAgeSeconds: 30 };
const claims = { sub: 'agent-1', role: 'agent', exp: 2_000_000_000 };

function signed(request: { query: string; variables?: unknown; extensions: Record<string, unknown> }, secret = signing.secret): string {
  const signature = hiveSignature(secret, hiveSignedContent(request));
  return JSON.stringify({ ...request, extensions: { ...request.extensions, [HIVE_SIGNATURE_EXTENSION]: signature } });
}

it('writes JSON with sorted keys as json-stable-stringify does', () => {
  expect(stableJson({ b: [1, undefined, { d: null, c: 'é' }], a: undefined, '': true })).toBe('{"":true,"b":[1,null,{"c":"é","d":null}]}');
  // What is signed leaves out the signature and empty variables or extensions.
  expect(hiveSignedContent({ query: '{a}', variables: {}, extensions: { [HIVE_SIGNATURE_EXTENSION]: 'x' } })).toBe('{"query":"{a}"}');
});

it('accepts a signed request once, for its own audience, within its window, with the claims it carries', () => {
  const now = Date.now();
  const body = signed({ query: '{a}', variables: { id: 1 }, extensions: { jwt: { payload: claims }, customerGraph: hiveStamp('store', 'req-1', 'screen_pop', now) } });
  const nonces = new NonceMemory();
  expect(verifyHiveRequest(signing, 'store', nonces, body, now)).toEqual({ ok: true, claims, requestId: 'req-1', purpose: 'screen_pop' });
  expect(verifyHiveRequest(signing, 'store', nonces, body, now)).toEqual({ ok: false, reason: 'replayed request' });
  expect(verifyHiveRequest(signing, 'ecommerce', new NonceMemory(), body, now)).toEqual({ ok: false, reason: 'signed for another subgraph' });
  expect(verifyHiveRequest(signing, 'store', new NonceMemory(), body, now + 31_000)).toEqual({ ok: false, reason: 'stale signature' });
});

it('refuses anything changed after signing, another secret, no signature, and a request without our stamp', () => {
  const now = Date.now();
  const request = { query: '{a}', variables: { id: 1 }, extensions: { jwt: { payload: claims }, customerGraph: hiveStamp('store', 'req-1', null, now) } };
  const body = signed(request);
  const verify = (text: string) => verifyHiveRequest(signing, 'store', new NonceMemory(), text, now);
  expect(verify(body.replace('"role":"agent"', '"role":"privacy_officer"'))).toEqual({ ok: false, reason: 'bad signature' });
  expect(verify(body.replace('"id":1', '"id":2'))).toEqual({ ok: false, reason: 'bad signature' });
  expect(verify(signed(request, 'o'.repeat(40)))).toEqual({ ok: false, reason: 'bad signature' });
  expect(verify(JSON.stringify(request))).toEqual({ ok: false, reason: 'unsigned request' });
  expect(verify('not json')).toEqual({ ok: false, reason: 'unsigned request' });
  // Hive's own default: signed, but with no time, audience or nonce: it could be replayed for ever.
  expect(verify(signed({ query: '{a}', extensions: { jwt: { payload: claims } } })).ok).toBe(false);
  expect(verify(signed({ query: '{a}', extensions: { customerGraph: { ...hiveStamp('store', 'req-1', null, now), nonce: 'short' } } }))).toEqual({
    ok: false,
    reason: 'missing or malformed nonce',
  });
  expect(verify(signed({ query: '{a}', extensions: { jwt: { payload: { sub: 'x', role: 'agent' } }, customerGraph: hiveStamp('store', 'r', null, now) } }))).toEqual({
    ok: false,
    reason: 'forwarded claims without an expiry',
  });
  // No claims: the anonymous caller.
  expect(verify(signed({ query: '{a}', extensions: { customerGraph: hiveStamp('store', 'r', null, now) } }))).toMatchObject({ ok: true, claims: null });
});
