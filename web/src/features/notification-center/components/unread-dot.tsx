import { useTranslation } from 'react-i18next';

/**
 * The ticket list's unread marker (docs/product.md "Unread markers"): a dot, named "Unread" for
 * screen readers, when the customer acted on the viewer's ticket since they last opened it;
 * nothing otherwise.
 */
export function UnreadDot({ unread }: { unread: boolean | undefined }) {
  const { t } = useTranslation();
  if (!unread) return null;
  return (
    <span className="unread-dot" role="img" aria-label={t('notificationCenter.unread')}>
      <span className="unread-dot__mark" aria-hidden="true" />
    </span>
  );
}
