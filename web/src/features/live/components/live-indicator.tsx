import { useTranslation } from 'react-i18next';
import { useLiveConnection } from '../utils/live-connection';
import '@/styles/live.css';

/**
 * The header's discreet "Live" mark: a dot and a word (the state is never told by colour alone),
 * with a longer explanation as its title and to screen readers. Announced politely when it
 * changes (role="status").
 */
export function LiveIndicator() {
  const { t } = useTranslation();
  const state = useLiveConnection();
  const hint =
    state === 'live' ? t('live.indicator.liveHint') : t('live.indicator.reconnectingHint');
  return (
    <p
      className={`live-indicator live-indicator--${state}`}
      role="status"
      title={hint}
      data-testid="live-indicator"
      data-state={state}
    >
      <span className="live-indicator__dot" aria-hidden="true" />
      <span className="live-indicator__text">{t(`live.indicator.${state}`)}</span>
      <span className="visually-hidden">{hint}</span>
    </p>
  );
}
