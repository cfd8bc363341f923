// A view's part of a panel: its rows when live, otherwise a quiet line saying why there are none.
import type { ComponentChildren } from 'preact';
import type { ViewRow } from './view-rows.js';
import type { ViewState } from './view-hub.js';

const QUIET_TEXT = {
  connecting: 'connecting…',
  absent: 'not running',
  denied: 'not shared with you',
  unauthorized: 'sign in to see this',
} as const;

export interface ViewBodyProps {
  readonly view: string;
  readonly state: ViewState;
  readonly children: (rows: readonly ViewRow[]) => ComponentChildren;
  /** Shown when the view is live but empty. */
  readonly empty?: string;
}

/** `data-view-state` names the view and `data-state` its state, for tests and for styling. */
export function ViewBody({ view, state, children, empty }: ViewBodyProps) {
  if (state.kind === 'live') {
    return (
      <div data-view-state={view} data-state={state.rows.length === 0 ? 'empty' : 'live'}>
        {state.rows.length === 0 ? <p class="quiet">{empty ?? 'no rows yet'}</p> : children(state.rows)}
      </div>
    );
  }
  const text = state.kind === 'error' ? `could not read ${view}: ${state.message}` : QUIET_TEXT[state.kind];
  return (
    <div data-view-state={view} data-state={state.kind}>
      <p class={state.kind === 'error' ? 'quiet error' : 'quiet'} title={state.kind === 'absent' ? `view "${view}" does not exist yet` : undefined}>
        {text}
      </p>
    </div>
  );
}
