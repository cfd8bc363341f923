// Which panels the page shows: the operator's whole platform, or a scoped seller's own figures; panels whose every
// view the signed-in user may not read are left out, and one line says which and why.
import type { ComponentType } from 'preact';
import { AlertFeedPanel } from './panels/alert-feed.js';
import { GmvTodayPanel, MerchantGmvPanel } from './panels/gmv-today.js';
import { DailyTrendPanel, HourlyTrendPanel, VelocityPanel } from './panels/gmv-trends.js';
import { ConversionPanel, HostsPanel, TrafficPanel } from './panels/promotion-health.js';
import { SellerCategoriesPanel, SellerSlaPanel, SellerSummaryPanel } from './panels/seller-account.js';
import { PayoutsPanel, SellerLeaderboardPanel } from './panels/sellers.js';
import { TopProductsPanel } from './panels/top-products.js';
import type { ViewStateKind } from './use-view-states.js';

export interface PanelSpec {
  /** As the card is titled: the hidden-panels line names it. */
  readonly title: string;
  readonly views: readonly string[];
  readonly Panel: ComponentType;
}

/** The operator's page, in grid order. */
export const OPERATOR_PANELS: readonly PanelSpec[] = [
  { title: 'GMV today', views: ['mv_platform_gmv_today', 'mv_channel_gmv_today'], Panel: GmvTodayPanel },
  { title: 'GMV velocity', views: ['mv_platform_gmv_5min'], Panel: VelocityPanel },
  { title: 'Hourly GMV', views: ['mv_platform_gmv_hourly'], Panel: HourlyTrendPanel },
  { title: 'Daily GMV', views: ['mv_platform_gmv_daily'], Panel: DailyTrendPanel },
  { title: 'GMV today by merchant', views: ['mv_merchant_gmv_today'], Panel: MerchantGmvPanel },
  { title: 'Top 5 products', views: ['promo_top5_products'], Panel: TopProductsPanel },
  { title: 'Alerts', views: ['alert_feed'], Panel: AlertFeedPanel },
  { title: 'Seller leaderboard', views: ['seller_leaderboard'], Panel: SellerLeaderboardPanel },
  { title: 'Payouts', views: ['seller_payouts'], Panel: () => <PayoutsPanel /> },
  { title: 'Promotion traffic', views: ['promo_pv_uv_per_minute'], Panel: TrafficPanel },
  { title: 'Promotion conversion', views: ['promo_total_gmv', 'promo_conversion'], Panel: ConversionPanel },
  { title: 'Hosts', views: ['promo_host_metrics_per_minute'], Panel: HostsPanel },
];

/** A seller's page: their own rows of the seller views, in place of the leaderboard and payouts of every seller. */
export const SELLER_PANELS: readonly PanelSpec[] = [
  { title: 'Your store', views: ['seller_leaderboard'], Panel: SellerSummaryPanel },
  { title: 'Shipping SLA', views: ['seller_sla_metrics'], Panel: SellerSlaPanel },
  { title: 'Sales by category', views: ['seller_category_breakdown'], Panel: SellerCategoriesPanel },
  { title: 'Payouts', views: ['seller_payouts'], Panel: () => <PayoutsPanel span={6} /> },
];

const SELLER_REPLACES = new Set(['Seller leaderboard', 'Payouts']);

/** The view whose refusal marks a scoped seller: the platform's total adds up every seller's orders. */
const PLATFORM_VIEW = 'mv_platform_gmv_today';

export interface Layout {
  readonly kind: 'operator' | 'seller';
  readonly shown: readonly PanelSpec[];
  readonly hidden: readonly PanelSpec[];
}

/** The views whose states decide the layout: the operator's, and the seller's once the user is one. */
export function layoutViews(kind: Layout['kind']): string[] {
  const panels = kind === 'seller' ? [...SELLER_PANELS, ...OPERATOR_PANELS] : OPERATOR_PANELS;
  return [...new Set(panels.flatMap((panel) => panel.views))];
}

/**
 * The layout for what the user may read. Anonymous readers see every panel (their refusals say "sign in"); a
 * signed-in user refused the platform's total but not the leaderboard reads sellers' rows only: the seller page.
 * A panel is hidden once every view it reads was refused (403) — not while its views are still connecting.
 */
export function chooseLayout(signedIn: boolean, kinds: ReadonlyMap<string, ViewStateKind>): Layout {
  const denied = (panel: PanelSpec): boolean => signedIn && panel.views.every((view) => kinds.get(view) === 'denied');
  const seller = signedIn && kinds.get(PLATFORM_VIEW) === 'denied' && (kinds.get('seller_leaderboard') ?? 'denied') !== 'denied';
  const candidates = seller ? [...SELLER_PANELS, ...OPERATOR_PANELS.filter((panel) => !SELLER_REPLACES.has(panel.title))] : OPERATOR_PANELS;
  return { kind: seller ? 'seller' : 'operator', shown: candidates.filter((panel) => !denied(panel)), hidden: candidates.filter(denied) };
}
