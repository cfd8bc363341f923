// Promotion health: page views and visitors per minute, conversion, promotion GMV and p75 CPU per host.
import { Card } from '../card.js';
import { Figure } from '../figure.js';
import type { FigureKind } from '../format.js';
import { TimeChart } from '../time-chart.js';
import { MINUTE, type TimeSpan } from '../time-span.js';
import { useView } from '../use-view.js';
import { ViewBody } from '../view-body.js';
import type { ViewRow } from '../view-rows.js';
import { ViewTable } from '../view-table.js';

const CONVERSION_FIGURES: readonly { column: string; label: string; kind: FigureKind }[] = [
  { column: 'searches', label: 'Searches', kind: 'count' },
  { column: 'views', label: 'Views', kind: 'count' },
  { column: 'orders_after_search', label: 'Orders after search', kind: 'count' },
  { column: 'orders_after_view', label: 'Orders after view', kind: 'count' },
  { column: 'search_conversion', label: 'Search conversion', kind: 'rate' },
  { column: 'view_conversion', label: 'View conversion', kind: 'rate' },
];

/** The last 60 minutes. */
const TRAFFIC_SPAN: TimeSpan = { stepSeconds: MINUTE, buckets: 60 };

export function TrafficPanel() {
  const traffic = useView('promo_pv_uv_per_minute');
  return (
    <Card id="promo-traffic" title="Promotion traffic" note="PV / UV per minute, last hour, UTC" span={6}>
      <ViewBody view="promo_pv_uv_per_minute" state={traffic}>
        {(rows) => (
          <TimeChart
            view="promo_pv_uv_per_minute"
            rows={rows}
            time="minute"
            timeKind="minute"
            span={TRAFFIC_SPAN}
            series={[
              { column: 'pv', label: 'PV', color: '#2563eb', kind: 'count' },
              { column: 'uv', label: 'UV', color: '#16a34a', kind: 'count' },
            ]}
          />
        )}
      </ViewBody>
    </Card>
  );
}

export function ConversionPanel() {
  const conversion = useView('promo_conversion');
  const total = useView('promo_total_gmv');
  return (
    <Card id="promo-conversion" title="Promotion conversion" span={3}>
      <ViewBody view="promo_total_gmv" state={total}>
        {(rows) => (
          <div class="kpis">
            {rows.map((row, rowIdx) => [
              <div class="kpi wide" key={`gmv${rowIdx}`}>
                <div class="label">Promotion GMV</div>
                <Figure class="value" view="promo_total_gmv" row={row} keyColumns={[]} column="gmv" kind="money" />
              </div>,
              <div class="kpi" key={`orders${rowIdx}`}>
                <div class="label">Orders</div>
                <Figure class="value" view="promo_total_gmv" row={row} keyColumns={[]} column="orders" kind="count" />
              </div>,
            ])}
          </div>
        )}
      </ViewBody>
      <ViewBody view="promo_conversion" state={conversion}>
        {(rows) => (
          <table>
            <tbody>
              {rows.flatMap((row, rowIdx) =>
                CONVERSION_FIGURES.map((figure) => (
                  <tr key={`${figure.column}${rowIdx}`}>
                    <td>{figure.label}</td>
                    <td class="num">
                      <Figure view="promo_conversion" row={row} keyColumns={[]} column={figure.column} kind={figure.kind} />
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </ViewBody>
    </Card>
  );
}

/** Each host's latest minute: the view keeps every minute, the panel shows where each host is now. */
export function latestPerHost(rows: readonly ViewRow[]): ViewRow[] {
  const latest = new Map<string, ViewRow>();
  for (const row of rows) {
    const host = String(row.host);
    const seen = latest.get(host);
    if (!seen || String(row.minute) > String(seen.minute)) latest.set(host, row);
  }
  return [...latest.values()].sort((a, b) => String(a.host).localeCompare(String(b.host)));
}

export function HostsPanel() {
  const hosts = useView('promo_host_metrics_per_minute');
  return (
    <Card id="promo-hosts" title="Hosts" note="latest minute" span={3}>
      <ViewBody view="promo_host_metrics_per_minute" state={hosts}>
        {(rows) => (
          <ViewTable
            view="promo_host_metrics_per_minute"
            rows={latestPerHost(rows)}
            keyColumns={['host', 'minute']}
            columns={[
              { column: 'host', label: 'Host', kind: 'text' },
              { column: 'minute', label: 'Minute', kind: 'minute' },
              { column: 'p75_cpu', label: 'p75 CPU', kind: 'percent' },
              { column: 'avg_cpu', label: 'avg CPU', kind: 'percent' },
            ]}
          />
        )}
      </ViewBody>
    </Card>
  );
}
