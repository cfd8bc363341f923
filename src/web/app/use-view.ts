// The hook panels read views with: the view's live state from the page's one change stream.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { ViewHub, ViewState } from './view-hub.js';

/** The page's hub, made for the signed-in user (see App). */
export const ViewHubContext = createContext<ViewHub | undefined>(undefined);

/** `view`'s rows, live: re-rendered on each epoch that changes them; restarted when the hub (the user) changes. */
export function useView(view: string): ViewState {
  const hub = useContext(ViewHubContext);
  const [state, setState] = useState<ViewState>({ kind: 'connecting' });
  useEffect(() => hub?.subscribe(view, setState), [view, hub]);
  return state;
}
