// The generic input of the ML data layer: one purchase (or interaction) line from any source.
// The importer / training job maps its rows onto this shape; nothing here knows about a file format.

export interface PurchaseEvent {
  userId: string;
  itemId: string;
  /** Events sharing a (user, basketId) form one basket; null makes the event its own basket. */
  basketId: string | null;
  /** Epoch milliseconds. */
  time: number;
  quantity: number;
  price?: number | null;
}
