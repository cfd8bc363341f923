// The dashboard page: header with the signed-in user and the live epoch, then the panels in a grid.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { authorizationOf, storeCredentials, storedCredentials, type Credentials } from './credentials.js';
import { reportEpoch, useLatestEpoch } from './live-epoch.js';
import { AlertFeedPanel } from './panels/alert-feed.js';
import { GmvTodayPanel, MerchantGmvPanel } from './panels/gmv-today.js';
import { DailyTrendPanel, HourlyTrendPanel, VelocityPanel } from './panels/gmv-trends.js';
import { ConversionPanel, HostsPanel, TrafficPanel } from './panels/promotion-health.js';
import { PayoutsPanel, SellerLeaderboardPanel } from './panels/sellers.js';
import { TopProductsPanel } from './panels/top-products.js';
import { SignIn } from './sign-in.js';
import { ViewHubContext } from './use-view.js';
import { ViewHub } from './view-hub.js';

export function App() {
  const [credentials, setCredentials] = useState<Credentials | undefined>(storedCredentials);
  /** 'asked': the user opened the form; 'required': the server refused to answer without (other) credentials. */
  const [signIn, setSignIn] = useState<'closed' | 'asked' | 'required'>('closed');
  const authorization = authorizationOf(credentials);
  const hub = useMemo(() => new ViewHub({ authorization, onUnauthorized: () => setSignIn('required'), onEpoch: reportEpoch }), [authorization]);
  useEffect(() => () => hub.close(), [hub]);

  const changeUser = (next: Credentials | undefined) => {
    storeCredentials(next);
    setCredentials(next);
    setSignIn('closed');
  };

  return (
    <ViewHubContext.Provider value={hub}>
      <header class="topbar">
        <h1>
          Tally <span>commerce live</span>
        </h1>
        <LiveStatus />
        <div class="spacer" />
        <span class="who" data-signed-in={credentials?.user ?? ''}>
          {credentials ? `signed in as ${credentials.user}` : 'anonymous'}
        </span>
        {credentials ? (
          <button type="button" onClick={() => changeUser(undefined)}>
            Sign out
          </button>
        ) : (
          <button type="button" onClick={() => setSignIn('asked')}>
            Sign in
          </button>
        )}
      </header>
      <main class="grid">
        <GmvTodayPanel />
        <VelocityPanel />
        <HourlyTrendPanel />
        <DailyTrendPanel />
        <MerchantGmvPanel />
        <TopProductsPanel />
        <AlertFeedPanel />
        <SellerLeaderboardPanel />
        <PayoutsPanel />
        <TrafficPanel />
        <ConversionPanel />
        <HostsPanel />
      </main>
      {signIn !== 'closed' ? <SignIn onSignIn={changeUser} onCancel={signIn === 'asked' ? () => setSignIn('closed') : undefined} /> : null}
    </ViewHubContext.Provider>
  );
}

function LiveStatus() {
  const latest = useLatestEpoch();
  return (
    <span class="status" data-epoch={latest?.epoch}>
      <span class={latest ? 'live-dot on' : 'live-dot'} />
      {latest ? `live · epoch ${latest.epoch} · ${latest.at.toLocaleTimeString()}` : 'connecting…'}
    </span>
  );
}
