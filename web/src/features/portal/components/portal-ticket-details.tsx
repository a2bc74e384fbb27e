import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CustomerTicket } from '@docket/server/contract/tickets';
import { CustomFieldValueText } from '@/components/custom-field-inputs';
import { DateTime } from '@/components/ui/date-time';
import { customFieldLabel, useCustomFields } from '@/lib/custom-fields';
import { CUSTOMER_REFERENCE_KEY } from './portal-create-ticket-form';

/**
 * The requester's view of their ticket's details: category, whether someone is assigned (never
 * who: docs/product.md roles table), their own references (`externalRefs`, e.g. an order or appointment
 * number), the ticket it follows up, and its dates. No priority: it is not the requester's to
 * set, and the portal does not show it.
 */
export function PortalTicketDetails({
  ticket,
  ticketHref,
}: {
  ticket: CustomerTicket;
  ticketHref: (reference: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  // The customer-visible fields (the server sends customers no other definition nor value).
  const definitions = useCustomFields();
  const customFields = (definitions.data?.data ?? []).filter(
    (field) => ticket.customFields[field.key] !== undefined,
  );
  const references = Object.entries(ticket.externalRefs).filter(
    (entry): entry is [string, string | number] =>
      typeof entry[1] === 'string' || typeof entry[1] === 'number',
  );
  return (
    <section className="card" aria-labelledby={`${id}-details`}>
      <h2 id={`${id}-details`} className="visually-hidden">
        {t('portal.ticket.details')}
      </h2>
      <dl className="details">
        <div className="details__item">
          <dt>{t('portal.ticket.category')}</dt>
          <dd>{ticket.category ?? t('common.none')}</dd>
        </div>
        <div className="details__item">
          <dt>{t('portal.ticket.assignment')}</dt>
          <dd data-testid="assignment">
            {ticket.assignee.assigned ? t('portal.ticket.assigned') : t('portal.ticket.unassigned')}
          </dd>
        </div>
        {references.map(([key, value]) => (
          <div className="details__item" key={key}>
            <dt>{key === CUSTOMER_REFERENCE_KEY ? t('portal.ticket.yourReference') : key}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
        {customFields.map((field) => (
          <div className="details__item" key={`cf-${field.key}`}>
            <dt>{customFieldLabel(field, i18n.language)}</dt>
            <dd>
              <CustomFieldValueText value={ticket.customFields[field.key]} />
            </dd>
          </div>
        ))}
        {ticket.followUpOf ? (
          <div className="details__item">
            <dt>{t('portal.ticket.followUpOf')}</dt>
            <dd>
              <Link to={ticketHref(ticket.followUpOf.reference)}>
                {ticket.followUpOf.reference}
              </Link>
            </dd>
          </div>
        ) : null}
        {ticket.mergedInto ? (
          <div className="details__item">
            <dt>{t('portal.ticket.mergedInto')}</dt>
            <dd>{ticket.mergedInto.reference}</dd>
          </div>
        ) : null}
        {ticket.resolutionNote ? (
          <div className="details__item">
            <dt>{t('portal.ticket.resolutionNote')}</dt>
            <dd className="prose">{ticket.resolutionNote}</dd>
          </div>
        ) : null}
        <div className="details__item">
          <dt>{t('portal.ticket.created')}</dt>
          <dd>
            <DateTime value={ticket.createdAt} />
          </dd>
        </div>
        <div className="details__item">
          <dt>{t('portal.ticket.updated')}</dt>
          <dd>
            <DateTime value={ticket.updatedAt} />
          </dd>
        </div>
        {ticket.closedAt ? (
          <div className="details__item">
            <dt>{t('portal.ticket.closed')}</dt>
            <dd>
              <DateTime value={ticket.closedAt} />
            </dd>
          </div>
        ) : ticket.resolvedAt ? (
          <div className="details__item">
            <dt>{t('portal.ticket.resolved')}</dt>
            <dd>
              <DateTime value={ticket.resolvedAt} />
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
