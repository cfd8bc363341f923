// The demo's seller accounts: each sees only its own rows (a scope on seller_id) on the dashboard, pg-wire and HTTP.

export interface DemoSeller {
  readonly user: string;
  readonly password: string;
  readonly sellerId: string;
}

/** Sellers of the generator's marketplace (S01..S50); the first three get accounts. */
export const DEMO_SELLERS: readonly DemoSeller[] = ['S01', 'S02', 'S03'].map((sellerId) => ({
  user: sellerId.toLowerCase(),
  password: `${sellerId.toLowerCase()}-demo`,
  sellerId,
}));

/** CREATE USER ... SCOPE and the grant that lets them read every relation (the scope still filters each). */
export function demoUserStatements(): string {
  return DEMO_SELLERS.map(
    ({ user, password, sellerId }) =>
      `CREATE USER ${user} WITH PASSWORD '${password}' SCOPE (seller_id = '${sellerId}');\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO ${user};`,
  ).join('\n');
}
