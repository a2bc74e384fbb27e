import { useId, type ReactNode } from 'react';

type CardProps = {
  /** The card's heading; it also names the card's region for screen readers. */
  title: ReactNode;
  /** Heading level in the page's outline (default 2). */
  headingLevel?: 2 | 3;
  /** Controls shown beside the title (e.g. a "New user" button). */
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
};

/**
 * A titled panel of the dashboard (the `.card` look of index.css) rendered as a `<section>`
 * named by its heading, so screen-reader users can jump between cards as landmarks.
 *
 * ```tsx
 * <Card title={t('stats.workload.title')} actions={<Button>…</Button>}>…</Card>
 * ```
 */
export function Card({ title, headingLevel = 2, actions, children, className }: CardProps) {
  const headingId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className={['card', className].filter(Boolean).join(' ')} aria-labelledby={headingId}>
      <div className="ui-card__header">
        <Heading id={headingId} className="card__title">
          {title}
        </Heading>
        {actions ? <div className="ui-card__actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
