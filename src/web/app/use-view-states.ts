// The states (not the rows) of several views, for the page's layout: which panels the signed-in user can read.
import { useContext, useEffect, useState } from 'preact/hooks';
import { ViewHubContext } from './use-view.js';
import type { ViewState } from './view-hub.js';

export type ViewStateKind = ViewState['kind'];

/**
 * Each view's state kind, re-rendered only when a kind changes (not on every epoch, which would re-render the whole
 * page); emptied when the hub (the user) changes, so that one user's answers never decide another's layout.
 */
export function useViewStates(views: readonly string[]): ReadonlyMap<string, ViewStateKind> {
  const hub = useContext(ViewHubContext);
  const [kinds, setKinds] = useState<ReadonlyMap<string, ViewStateKind>>(new Map());
  const key = views.join(',');
  useEffect(() => {
    setKinds(new Map());
    if (!hub) return undefined;
    const unsubscribes = views.map((view) =>
      hub.subscribe(view, (state) =>
        setKinds((previous) => {
          if (previous.get(view) === state.kind) return previous;
          const next = new Map(previous);
          next.set(view, state.kind);
          return next;
        }),
      ),
    );
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [hub, key]);
  return kinds;
}
