// The ceiling's arithmetic (identity-ceiling.ts) on a hand-made set of pairs: which vectors are pure,
// what the greedy takes, and what transitive closure adds or costs.
import { ceilingReport, enumerated } from './identity-ceiling';

const V = (name: string, extra = ''): string =>
  `name=${name} birth=missing pc=exact street=missing email=missing phone=${extra || 'missing'} card=missing pointer=no shared=none mailbox=- kin=-`;

describe('identity ceiling', () => {
  it('takes pure vectors, skips mixed ones, and counts what closure adds', () => {
    // Records 1-3 are person 1, 4-5 person 2, 6 person 3.
    const persons = new Map([[1, 1], [2, 1], [3, 1], [4, 2], [5, 2], [6, 3]]);
    const pairs = [
      { a: 1, b: 2, same: true, linked: true, vector: V('exact', 'same') },
      { a: 2, b: 3, same: true, linked: false, vector: V('exact', 'same') },
      { a: 4, b: 5, same: true, linked: false, vector: V('exact') },
      { a: 5, b: 6, same: false, linked: false, vector: V('exact') },
    ];
    const report = ceilingReport(6, pairs, persons);
    expect(report.truePairs).toBe(4);
    expect(report.linkedTruePairs).toBe(1);
    expect(report.pairwise).toMatchObject({ truePairs: 2, wrongPairs: 0, taken: [V('exact', 'same')] });
    // 1-2 and 2-3 taken: closure joins 1-3 too.
    expect(report.closure).toMatchObject({ truePairs: 3, predictedPairs: 3, precision: 1 });
    expect(report.withFree).toEqual({ truePairs: 3, predictedPairs: 3 });
  });

  it('never counts a vector that agrees on nothing blocked as pure', () => {
    expect(enumerated(V('different'))).toBe(false);
    expect(enumerated(V('different', 'same'))).toBe(true);
    const report = ceilingReport(2, [{ a: 1, b: 2, same: true, linked: false, vector: V('different') }], new Map([[1, 1], [2, 1]]));
    expect(report.pairwise.truePairs).toBe(0);
  });
});
