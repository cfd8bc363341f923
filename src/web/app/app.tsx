// The dashboard page: header with the signed-in user and the live epoch, then the panels in a grid.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { authorizationOf, storeCredentials, storedCredentials, type Credentials } from './credentials.js';
import { chooseLayout, layoutViews, type Layout } from './dashboard-layout.js';
import { HiddenPanels } from './hidden-panels.js';
import { reportEpoch, useLatestEpoch } from './live-epoch.js';
import { SignIn } from './sign-in.js';
import { ViewHubContext } from './use-view.js';
import { useViewStates } from './use-view-states.js';
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
      <Panels signedIn={credentials?.user} />
      {signIn !== 'closed' ? <SignIn onSignIn={changeUser} onCancel={signIn === 'asked' ? () => setSignIn('closed') : undefined} /> : null}
    </ViewHubContext.Provider>
  );
}

/** The panels of the layout the user's access calls for; a component of its own, inside the hub's provider. */
function Panels({ signedIn }: { signedIn: string | undefined }) {
  const [kind, setKind] = useState<Layout['kind']>('operator');
  const kinds = useViewStates(layoutViews(kind));
  const layout = chooseLayout(signedIn !== undefined, kinds);
  useEffect(() => setKind(layout.kind), [layout.kind]);
  return (
    <main class="grid" data-layout={layout.kind}>
      {signedIn !== undefined ? <HiddenPanels layout={layout} user={signedIn} /> : null}
      {layout.shown.map((panel) => (
        <panel.Panel key={panel.title} />
      ))}
    </main>
  );
}

function LiveStatus() {
  const latest = useLatestEpoch();
  return (
    <span class="status" data-epoch={latest?.epoch}>
      <span class={latest ? 'live-dot on' : 'live-dot'} />
      {latest ? `live · epoch ${latest.epoch} · ${latest.at.toISOString().slice(11, 19)} UTC` : 'connecting…'}
    </span>
  );
}
