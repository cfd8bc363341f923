// The one quiet line that says which panels the signed-in user does not see, and why.
import { SELLER_PANELS, type Layout } from './dashboard-layout.js';

export function HiddenPanels({ layout, user }: { layout: Layout; user: string }) {
  if (layout.hidden.length === 0) return null;
  // On a seller's page the operator's panels are left out for their scope; anything else was not granted.
  const scoped = layout.kind === 'seller' ? layout.hidden.filter((panel) => !SELLER_PANELS.includes(panel)) : [];
  const ungranted = layout.hidden.filter((panel) => !scoped.includes(panel));
  const reasons = [
    ...(scoped.length > 0 ? [`${names(scoped)}: these add up the whole platform, and ${user} reads only its own seller's rows`] : []),
    ...(ungranted.length > 0 ? [`${names(ungranted)}: not shared with ${user}`] : []),
  ];
  return (
    <p class="hidden-panels" data-hidden-panels={layout.hidden.map((panel) => panel.title).join('|')}>
      Not shown — {reasons.join('; ')}.
    </p>
  );
}

const names = (panels: Layout['hidden']): string => panels.map((panel) => panel.title).join(', ');
