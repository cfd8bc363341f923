// A signed-in seller's own figures: their leaderboard row, their sales per category and their shipping SLA.
import { Card } from '../card.js';
import { Figure } from '../figure.js';
import type { FigureKind } from '../format.js';
import { useView } from '../use-view.js';
import { ViewBody } from '../view-body.js';
import type { ViewRow } from '../view-rows.js';
import { ViewTable, byDescending } from '../view-table.js';

interface Kpi {
  readonly column: string;
  readonly label: string;
  readonly kind: FigureKind;
}

const SUMMARY_FIGURES: readonly Kpi[] = [
  { column: 'total_gmv', label: 'GMV', kind: 'money' },
  { column: 'total_orders', label: 'Orders', kind: 'count' },
  { column: 'net_payout', label: 'Net payout', kind: 'money' },
  { column: 'acceptance_rate', label: 'Accepted', kind: 'rate' },
  { column: 'cancellation_rate', label: 'Cancelled', kind: 'rate' },
  { column: 'sla_compliance_rate', label: 'SLA met', kind: 'rate' },
  { column: 'avg_rating', label: 'Rating', kind: 'decimal' },
];

const SLA_FIGURES: readonly Kpi[] = [
  { column: 'sla_compliance_rate', label: 'Shipped within SLA', kind: 'rate' },
  { column: 'shipped_orders', label: 'Shipped', kind: 'count' },
  { column: 'on_time_shipments', label: 'On time', kind: 'count' },
  { column: 'late_shipments', label: 'Late', kind: 'count' },
];

const SELLER_KEY = ['seller_id'];

/** One block of figures per row (a scope may cover more than one seller), headed by the seller's id. */
function KpiBlocks({ view, rows, figures, flag }: { view: string; rows: readonly ViewRow[]; figures: readonly Kpi[]; flag?: string }) {
  return (
    <div class="seller-blocks">
      {[...rows]
        .sort((a, b) => String(a.seller_id).localeCompare(String(b.seller_id)))
        .map((row) => (
          <div class="seller-block" key={String(row.seller_id)}>
            <h3>
              <Figure view={view} row={row} keyColumns={SELLER_KEY} column="seller_id" kind="text" />
              {flag ? <Figure class={row[flag] === true ? 'flag' : undefined} view={view} row={row} keyColumns={SELLER_KEY} column={flag} kind="flag" /> : null}
            </h3>
            <div class="kpis">
              {figures.map((figure) => (
                <div class="kpi" key={figure.column}>
                  <div class="label">{figure.label}</div>
                  <Figure class="value" view={view} row={row} keyColumns={SELLER_KEY} column={figure.column} kind={figure.kind} />
                </div>
              ))}
            </div>
          </div>
        ))}
    </div>
  );
}

export function SellerSummaryPanel() {
  const sellers = useView('seller_leaderboard');
  return (
    <Card id="seller-summary" title="Your store" note="healthy: SLA ≥ 95%, cancelled ≤ 10%, rating ≥ 3.5, accepted ≥ 90%" span={7}>
      <ViewBody view="seller_leaderboard" state={sellers} empty="no orders yet">
        {(rows) => <KpiBlocks view="seller_leaderboard" rows={rows} figures={SUMMARY_FIGURES} flag="underperforming" />}
      </ViewBody>
    </Card>
  );
}

export function SellerSlaPanel() {
  const sla = useView('seller_sla_metrics');
  return (
    <Card id="seller-sla" title="Shipping SLA" note="target 95%" span={5}>
      <ViewBody view="seller_sla_metrics" state={sla} empty="nothing shipped yet">
        {(rows) => <KpiBlocks view="seller_sla_metrics" rows={rows} figures={SLA_FIGURES} />}
      </ViewBody>
    </Card>
  );
}

export function SellerCategoriesPanel() {
  const categories = useView('seller_category_breakdown');
  return (
    <Card id="seller-categories" title="Sales by category" span={6}>
      <ViewBody view="seller_category_breakdown" state={categories} empty="no items sold yet">
        {(rows) => (
          <ViewTable
            view="seller_category_breakdown"
            rows={rows}
            keyColumns={['seller_id', 'category']}
            compare={byDescending('gmv', 'category')}
            scroll
            columns={[
              // A scope may cover several sellers: then each row says whose it is.
              ...(new Set(rows.map((row) => row.seller_id)).size > 1 ? [{ column: 'seller_id', label: 'Seller', kind: 'text' as const }] : []),
              { column: 'category', label: 'Category', kind: 'text' },
              { column: 'orders', label: 'Orders', kind: 'count' },
              { column: 'gmv', label: 'GMV', kind: 'money' },
            ]}
          />
        )}
      </ViewBody>
    </Card>
  );
}
