// The candidate sources whose scores the ranker reads, by name. Each is a row over the item index space for one
// shopper; a source an artifact lacks (a model not trained) is simply absent and reads as "no evidence".

export const SCORE_SOURCES = [
  'item-item',
  'item-item-latest',
  'collaborative',
  'content',
  'sequence',
  'repeat',
  'popularity',
] as const;

export type ScoreSourceName = (typeof SCORE_SOURCES)[number];

/** One shopper's rows; a row may be longer than the artifact's items (content scores new catalog items too). */
export type SourceRows = Partial<Record<ScoreSourceName, ArrayLike<number>>>;
