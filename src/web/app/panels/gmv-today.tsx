// GMV today: the platform's figures (both regions), per channel and per merchant.
import { Card } from '../card.js';
import { Figure } from '../figure.js';
import { useView } from '../use-view.js';
import { ViewBody } from '../view-body.js';
import { ViewTable, byDescending } from '../view-table.js';

export function GmvTodayPanel() {
  const platform = useView('mv_platform_gmv_today');
  const channels = useView('mv_channel_gmv_today');
  return (
    <Card id="gmv-today" title="GMV today" note="all regions" span={5}>
      <ViewBody view="mv_platform_gmv_today" state={platform}>
        {(rows) => (
          <div class="kpis">
            {rows.map((row, rowIdx) => [
              <div class="kpi wide" key={`gmv${rowIdx}`}>
                <div class="label">GMV</div>
                <Figure class="value" view="mv_platform_gmv_today" row={row} keyColumns={[]} column="gmv" kind="money" />
              </div>,
              <div class="kpi" key={`orders${rowIdx}`}>
                <div class="label">Orders</div>
                <Figure class="value" view="mv_platform_gmv_today" row={row} keyColumns={[]} column="orders" kind="count" />
              </div>,
              <div class="kpi" key={`buyers${rowIdx}`}>
                <div class="label">Buyers</div>
                <Figure class="value" view="mv_platform_gmv_today" row={row} keyColumns={[]} column="buyers" kind="count" />
              </div>,
            ])}
          </div>
        )}
      </ViewBody>
      <h2 style="margin-top: 14px">By channel</h2>
      <ViewBody view="mv_channel_gmv_today" state={channels}>
        {(rows) => (
          <ViewTable
            view="mv_channel_gmv_today"
            rows={rows}
            keyColumns={['channel']}
            compare={byDescending('gmv', 'channel')}
            columns={[
              { column: 'channel', label: 'Channel', kind: 'text' },
              { column: 'orders', label: 'Orders', kind: 'count' },
              { column: 'gmv', label: 'GMV', kind: 'money' },
            ]}
          />
        )}
      </ViewBody>
    </Card>
  );
}

export function MerchantGmvPanel() {
  const merchants = useView('mv_merchant_gmv_today');
  return (
    <Card id="merchant-gmv" title="GMV today by merchant" span={4}>
      <ViewBody view="mv_merchant_gmv_today" state={merchants}>
        {(rows) => (
          <ViewTable
            view="mv_merchant_gmv_today"
            rows={rows}
            keyColumns={['merchant_id']}
            compare={byDescending('gmv', 'merchant_id')}
            scroll
            columns={[
              { column: 'merchant_id', label: 'Merchant', kind: 'text' },
              { column: 'orders', label: 'Orders', kind: 'count' },
              { column: 'gmv', label: 'GMV', kind: 'money' },
            ]}
          />
        )}
      </ViewBody>
    </Card>
  );
}
