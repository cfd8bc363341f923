// A panel of the dashboard: a titled card spanning some of the grid's 12 columns.
import type { ComponentChildren } from 'preact';

export interface CardProps {
  readonly title: string;
  /** Small text beside the title (the view it reads, a unit). */
  readonly note?: string;
  readonly span: 3 | 4 | 5 | 6 | 7 | 8 | 12;
  readonly id: string;
  readonly children: ComponentChildren;
}

export function Card({ title, note, span, id, children }: CardProps) {
  return (
    <section class={`card span-${span}`} id={id} aria-label={title}>
      <h2>
        {title}
        {note ? <small>{note}</small> : null}
      </h2>
      {children}
    </section>
  );
}
