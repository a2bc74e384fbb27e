import { useTranslation } from 'react-i18next';
import type { TicketPriority } from '@docket/server/contract/domain';
import { AlertTriangleIcon, ArrowUpIcon } from '@/components/ui/icons';

/**
 * CRITICAL (the counselling seeds' "crisis") must stand out everywhere, and never by colour
 * alone: it gets a strong colour, a warning icon and its name; URGENT gets an arrow and its name.
 */
export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  const icon =
    priority === 'CRITICAL' ? (
      <AlertTriangleIcon className="badge__icon" />
    ) : priority === 'URGENT' ? (
      <ArrowUpIcon className="badge__icon" />
    ) : null;
  return (
    <span
      className={`badge badge--priority badge--priority-${priority.toLowerCase()}`}
      data-priority={priority}
    >
      {icon}
      <span className="badge__label">{t(`priority.${priority}`)}</span>
    </span>
  );
}
