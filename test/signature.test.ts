// The subgraph signature's replay protection, without a server: a nonce is accepted once within
// the validity window, forgotten after it, and the memory refuses rather than forgets when full.
import { NonceMemory, signRequest, verifyRequest } from '../subgraphs/kit/signature';

const signing = { secret: 's'.repeat(40), maxAgeSeconds: 30 };

it('accepts a signed request once, for its own audience, within its window', () => {
  const nonces = new NonceMemory();
  const now = Date.now();
  const headers = signRequest(signing, 'store', '{}', 'caller', now);
  expect(verifyRequest(signing, 'store', nonces, headers, '{}', now)).toEqual({ ok: true, principal: 'caller' });
  expect(verifyRequest(signing, 'store', nonces, headers, '{}', now + 1000)).toEqual({ ok: false, reason: 'replayed request' });
  expect(verifyRequest(signing, 'ecommerce', new NonceMemory(), headers, '{}', now)).toEqual({ ok: false, reason: 'signed for another subgraph' });
  expect(verifyRequest(signing, 'store', new NonceMemory(), headers, '{}', now + 31_000)).toEqual({ ok: false, reason: 'stale signature' });
  expect(verifyRequest(signing, 'store', new NonceMemory(), { ...headers, 'x-customer-graph-nonce': 'short' }, '{}', now)).toEqual({
    ok: false,
    reason: 'missing or malformed nonce',
  });
});

it('forgets a nonce once its signature is stale, and refuses when full instead of forgetting early', () => {
  const memory = new NonceMemory(2);
  expect(memory.remember('a'.repeat(16), 100, 90)).toBe(true);
  expect(memory.remember('b'.repeat(16), 101, 90)).toBe(true);
  expect(memory.remember('c'.repeat(16), 102, 90)).toBe(false); // full: refused, nothing forgotten
  expect(memory.remember('a'.repeat(16), 130, 95)).toBe(false); // still remembered: a replay
  expect(memory.remember('c'.repeat(16), 131, 100.5)).toBe(true); // a (100) has expired and was swept
  expect(memory.size).toBe(2);
});
