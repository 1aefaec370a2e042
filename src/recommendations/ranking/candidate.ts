/** One item proposed by a source. `itemId` is the internal id (items.id as text). */
export interface Candidate {
  itemId: string;
  score: number;
  source: string;
  reason: string;
}
