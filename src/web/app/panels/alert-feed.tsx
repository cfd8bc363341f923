// The live alert feed: every alert of the seller and promotion pipelines, newest first.
import { Card } from '../card.js';
import { Figure } from '../figure.js';
import { useView } from '../use-view.js';
import { ViewBody } from '../view-body.js';
import type { ViewRow } from '../view-rows.js';

/** The feed shows the newest alerts; older ones stay in the view. */
export const ALERTS_SHOWN = 100;
const KEY = ['alert_time', 'kind', 'subject'];

const newestFirst = (a: ViewRow, b: ViewRow): number => String(b.alert_time).localeCompare(String(a.alert_time)) || String(a.kind).localeCompare(String(b.kind)) || String(a.subject).localeCompare(String(b.subject));

export function AlertFeedPanel() {
  const alerts = useView('alert_feed');
  return (
    <Card id="alert-feed" title="Alerts" note="UTC" span={5}>
      <ViewBody view="alert_feed" state={alerts} empty="no alerts">
        {(rows) => (
          <ul class="alerts">
            {[...rows]
              .sort(newestFirst)
              .slice(0, ALERTS_SHOWN)
              .map((row, rowIdx) => (
                <li key={`${String(row.alert_time)}|${String(row.kind)}|${String(row.subject)}#${rowIdx}`}>
                  <Figure class="time" view="alert_feed" row={row} keyColumns={KEY} column="alert_time" kind="second" />
                  <span>
                    <Figure class="kind" view="alert_feed" row={row} keyColumns={KEY} column="kind" kind="text" />{' '}
                    <Figure view="alert_feed" row={row} keyColumns={KEY} column="subject" kind="text" />
                  </span>
                  <span class="figures">
                    <Figure view="alert_feed" row={row} keyColumns={KEY} column="value" kind="decimal" /> /{' '}
                    <Figure view="alert_feed" row={row} keyColumns={KEY} column="threshold" kind="decimal" />
                  </span>
                  <Figure class="message" view="alert_feed" row={row} keyColumns={KEY} column="message" kind="text" />
                </li>
              ))}
          </ul>
        )}
      </ViewBody>
    </Card>
  );
}
