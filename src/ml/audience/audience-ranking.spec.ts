import { audienceScore, TopAudience, type AudienceCandidate } from './audience-ranking.js';

const candidate = (userId: string, score: number): AudienceCandidate => ({
  userId,
  score,
  itemIndex: 0,
  itemRank: 0,
  expectedOrders: 1,
});

describe('audience ranking', () => {
  it('scores expected orders times affinity', () => {
    expect(audienceScore(2, 0.25)).toBe(0.5);
  });

  it('keeps the best `capacity` candidates, best first, ties to the smaller id', () => {
    const top = new TopAudience(3);
    for (const [id, s] of [
      ['a', 0.1],
      ['b', 0.9],
      ['c', 0.5],
      ['d', 0.5],
      ['e', 0.05],
      ['f', 0.7],
    ] as const)
      top.offer(candidate(id, s));
    expect(top.ranked().map((c) => c.userId)).toEqual(['b', 'f', 'c']);
  });

  it('matches a full sort on many candidates and drops non-positive scores', () => {
    const top = new TopAudience(25);
    const all = Array.from({ length: 500 }, (_, i) => candidate(`u${String(i).padStart(3, '0')}`, (i * 7919) % 101));
    for (const c of all) top.offer(c);
    const expected = all
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score || a.userId.localeCompare(b.userId))
      .slice(0, 25)
      .map((c) => c.userId);
    expect(top.ranked().map((c) => c.userId)).toEqual(expected);
  });
});
