import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * What a CLOSED ticket offers its requester instead of a reply or a reopening (docs/product.md "Ticket":
 * CLOSED is final; a follow-up is a new ticket linked to the old one): a link to the create form,
 * which files the new ticket with `followUpOf` this one.
 */
export function FollowUpOffer({ href }: { href: string }) {
  const { t } = useTranslation();
  return (
    <section className="alert alert--info follow-up-offer" data-testid="follow-up-offer">
      <h2 className="alert__title">{t('portal.followUp.title')}</h2>
      <p className="alert__body">{t('portal.followUp.body')}</p>
      <div className="alert__action">
        <Link className="button button--primary" to={href}>
          {t('portal.followUp.action')}
        </Link>
      </div>
    </section>
  );
}
