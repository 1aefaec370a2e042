// Shared in-memory shapes for training, evaluation and serving. Plain TypeScript, no Nest imports.
// Indices are dense (0..n-1); external ids live only in `userIds` / `itemIds` and in the artifact's manifest.

export interface ItemFeatures {
  title: string;
  description: string | null;
  categories: string[];
  price: number | null;
}

/** One purchase line: `user` bought `quantity` of `item` in `basket` at `time` (epoch ms). */
export interface Interaction {
  user: number;
  item: number;
  basket: number;
  time: number;
  quantity: number;
}

export interface Dataset {
  userIds: string[];
  itemIds: string[];
  items: ItemFeatures[];
  /** Sorted by user, then time, then basket. */
  interactions: Interaction[];
}

export interface Basket {
  id: number;
  time: number;
  items: number[];
  quantities: number[];
}

/** A user's ordered purchase sequence, baskets kept together, oldest first. */
export interface UserHistory {
  user: number;
  baskets: Basket[];
}
