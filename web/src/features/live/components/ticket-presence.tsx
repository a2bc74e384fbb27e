import { useTranslation } from 'react-i18next';
import { AlertTriangleIcon } from '@/components/ui/icons';
import { useDateTimeFormat } from '@/i18n/format';
import { usePresence } from '../api/presence';
import '@/styles/live.css';

/**
 * The collision notice on a ticket page: who else has it open ("Alice is viewing") or is writing
 * a reply ("Bob is replying", marked with a warning sign and stronger styling — words first, colour
 * second). Fetched once, then kept current by the live stream's presence notices. Renders
 * nothing when nobody else is there.
 */
export function TicketPresence({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat('dateTime');
  const presence = usePresence(ticketId);
  const others = presence.data ?? [];

  return (
    <div className="ticket-presence" role="status" aria-label={t('live.presence.label')}>
      {others.length ? (
        <ul className="ticket-presence__list" data-testid="ticket-presence">
          {others.map((person) => (
            <li
              key={person.userId}
              className={`ticket-presence__person ticket-presence__person--${person.state}`}
              title={t('live.presence.since', { time: formatTime(person.since) })}
            >
              {person.state === 'replying' ? (
                <AlertTriangleIcon className="ticket-presence__icon" />
              ) : (
                <span className="ticket-presence__dot" aria-hidden="true" />
              )}
              {t(`live.presence.${person.state}`, { name: person.name })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
