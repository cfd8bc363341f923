// The promotion's top-5 products by sales.
import { Card } from '../card.js';
import { useView } from '../use-view.js';
import { ViewBody } from '../view-body.js';
import { ViewTable } from '../view-table.js';
import type { ViewRow } from '../view-rows.js';

const byRank = (a: ViewRow, b: ViewRow): number => Number(a.rank) - Number(b.rank) || String(a.product_id).localeCompare(String(b.product_id));

export function TopProductsPanel() {
  const products = useView('promo_top5_products');
  return (
    <Card id="top-products" title="Top 5 products" note="promotion" span={3}>
      <ViewBody view="promo_top5_products" state={products}>
        {(rows) => (
          <ViewTable
            view="promo_top5_products"
            rows={rows}
            keyColumns={['product_id']}
            compare={byRank}
            columns={[
              { column: 'rank', label: '#', kind: 'count' },
              { column: 'product_name', label: 'Product', kind: 'text' },
              { column: 'units', label: 'Units', kind: 'count' },
              { column: 'sales', label: 'Sales', kind: 'money' },
            ]}
          />
        )}
      </ViewBody>
    </Card>
  );
}
