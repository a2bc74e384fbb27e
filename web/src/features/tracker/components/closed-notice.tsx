import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Shown instead of the reply box on a CLOSED ticket (docs/product.md "Ticket": CLOSED is final for
 * everyone; a follow-up is a new ticket linked to the old one). `action` is the way to that
 * follow-up where there is one (the portal's create form, after signing in).
 */
export function ClosedNotice({ action }: { action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="alert alert--info" data-testid="closed-notice">
      <h2 className="alert__title">{t('tracker.closed.title')}</h2>
      <p className="alert__body">{t('tracker.closed.body')}</p>
      {action ? <div className="alert__action">{action}</div> : null}
    </section>
  );
}
