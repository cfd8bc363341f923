// GMV over time: the 5-minute velocity (flash sales show as spikes), and the hourly and daily trends.
import { Card } from '../card.js';
import { TimeChart, type ChartSeries } from '../time-chart.js';
import { DAY, HOUR, MINUTE, type TimeSpan } from '../time-span.js';
import { useView } from '../use-view.js';
import { ViewBody } from '../view-body.js';

const GMV_SERIES: readonly ChartSeries[] = [{ column: 'gmv', label: 'GMV', color: '#2563eb', kind: 'money' }];
/** The last 2 hours of 5-minute windows, the last 24 hours, the last 14 days. */
const VELOCITY_SPAN: TimeSpan = { stepSeconds: 5 * MINUTE, buckets: 24 };
const HOURLY_SPAN: TimeSpan = { stepSeconds: HOUR, buckets: 24 };
const DAILY_SPAN: TimeSpan = { stepSeconds: DAY, buckets: 14 };
const ORDERS_SERIES: readonly ChartSeries[] = [...GMV_SERIES, { column: 'orders', label: 'Orders', color: '#9333ea', kind: 'count', plotted: false }];

export function VelocityPanel() {
  const windows = useView('mv_platform_gmv_5min');
  return (
    <Card id="gmv-velocity" title="GMV velocity" note="per 5 minutes, last 2 hours, UTC" span={7}>
      <ViewBody view="mv_platform_gmv_5min" state={windows}>
        {(rows) => <TimeChart view="mv_platform_gmv_5min" rows={rows} time="window_start" timeKind="minute" series={ORDERS_SERIES} span={VELOCITY_SPAN} bars />}
      </ViewBody>
    </Card>
  );
}

export function HourlyTrendPanel() {
  const hours = useView('mv_platform_gmv_hourly');
  return (
    <Card id="gmv-hourly" title="Hourly GMV" note="last 24 hours, UTC" span={6}>
      <ViewBody view="mv_platform_gmv_hourly" state={hours}>
        {(rows) => <TimeChart view="mv_platform_gmv_hourly" rows={rows} time="hour_start" timeKind="hour" series={ORDERS_SERIES} span={HOURLY_SPAN} bars />}
      </ViewBody>
    </Card>
  );
}

export function DailyTrendPanel() {
  const days = useView('mv_platform_gmv_daily');
  return (
    <Card id="gmv-daily" title="Daily GMV" note="last 14 days, UTC" span={6}>
      <ViewBody view="mv_platform_gmv_daily" state={days}>
        {(rows) => <TimeChart view="mv_platform_gmv_daily" rows={rows} time="day" timeKind="day" series={ORDERS_SERIES} span={DAILY_SPAN} bars />}
      </ViewBody>
    </Card>
  );
}
