/** One item proposed by a source. `itemId` is the internal id (items.id as text). */
export interface Candidate {
  itemId: string;
  score: number;
  source: string;
  reason: string;
  /** Internal id of the item this one relates to (e.g. the co-purchase seed), for `anchorItem`. */
  anchorItemId?: string;
}
