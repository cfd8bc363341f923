// The shares of events the generator makes: what a test measures and a demo operator may tune.

export interface GeneratorShares {
  /** Orders placed in the EU region (`ecommerce.orders.eu`) rather than the US one. */
  readonly euOrders: number;
  /** Orders followed by a 'cancelled' status update. */
  readonly orderCancellation: number;
  /** Orders not cancelled that are followed by a 'refunded' status update. */
  readonly orderRefund: number;
  /** Shipments of a seller in good standing that leave later than the seller's SLA (struggling sellers: 4x). */
  readonly slaMiss: number;
  /** Delivered marketplace orders that are refunded. */
  readonly marketplaceRefund: number;
  /** Application log lines at level ERROR. */
  readonly errorLogs: number;
  /** REES46 sessions with items in the cart that end in a purchase (the others are abandoned carts). */
  readonly cartPurchase: number;
}

export const DEFAULT_SHARES: GeneratorShares = {
  euOrders: 0.2,
  orderCancellation: 0.05,
  orderRefund: 0.03,
  slaMiss: 0.03,
  marketplaceRefund: 0.04,
  errorLogs: 0.05,
  cartPurchase: 0.4,
};
