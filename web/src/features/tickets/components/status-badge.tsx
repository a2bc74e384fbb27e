import { useTranslation } from 'react-i18next';
import type { TicketStatus } from '@docket/server/contract/domain';

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <span
      className={`badge badge--status badge--status-${status.toLowerCase().replaceAll('_', '-')}`}
      data-status={status}
    >
      {t(`status.${status}`)}
    </span>
  );
}
