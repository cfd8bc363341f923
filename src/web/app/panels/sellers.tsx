// Marketplace sellers: the leaderboard with its health rates (underperformers flagged) and the payouts.
import { Card, type CardProps } from '../card.js';
import { useView } from '../use-view.js';
import { ViewBody } from '../view-body.js';
import { ViewTable, byDescending } from '../view-table.js';

export function SellerLeaderboardPanel() {
  const sellers = useView('seller_leaderboard');
  return (
    <Card id="seller-leaderboard" title="Seller leaderboard" note="flagged: underperforming" span={8}>
      <ViewBody view="seller_leaderboard" state={sellers}>
        {(rows) => (
          <ViewTable
            view="seller_leaderboard"
            rows={rows}
            keyColumns={['seller_id']}
            compare={byDescending('total_gmv', 'seller_id')}
            rowClass={(row) => (row.underperforming === true ? 'flagged' : undefined)}
            scroll
            columns={[
              { column: 'seller_id', label: 'Seller', kind: 'text' },
              { column: 'total_orders', label: 'Orders', kind: 'count' },
              { column: 'total_gmv', label: 'GMV', kind: 'money' },
              { column: 'acceptance_rate', label: 'Accepted', kind: 'rate' },
              { column: 'cancellation_rate', label: 'Cancelled', kind: 'rate' },
              { column: 'sla_compliance_rate', label: 'SLA met', kind: 'rate' },
              { column: 'avg_rating', label: 'Rating', kind: 'decimal' },
              { column: 'net_payout', label: 'Net payout', kind: 'money' },
              { column: 'underperforming', label: 'Flag', kind: 'flag' },
            ]}
          />
        )}
      </ViewBody>
    </Card>
  );
}

/** `span`: the seller's page gives payouts more room than the operator's. */
export function PayoutsPanel({ span = 4 }: { span?: CardProps['span'] }) {
  const payouts = useView('seller_payouts');
  return (
    <Card id="seller-payouts" title="Payouts" note="refunds negative" span={span}>
      <ViewBody view="seller_payouts" state={payouts}>
        {(rows) => (
          <ViewTable
            view="seller_payouts"
            rows={rows}
            keyColumns={['seller_id']}
            compare={byDescending('net_payout', 'seller_id')}
            scroll
            columns={[
              { column: 'seller_id', label: 'Seller', kind: 'text' },
              { column: 'gross_payout', label: 'Gross', kind: 'money' },
              { column: 'refunds', label: 'Refunds', kind: 'money' },
              { column: 'net_payout', label: 'Net', kind: 'money' },
            ]}
          />
        )}
      </ViewBody>
    </Card>
  );
}
