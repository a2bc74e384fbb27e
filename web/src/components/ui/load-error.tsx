import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';
import { Alert } from './alert';
import { Button } from './button';

type LoadErrorProps = {
  /** What could not be loaded ("Could not load the tickets."). */
  title?: ReactNode;
  /** The request's error: its message is the alert's body. */
  error: unknown;
  /** Asks again (the query's `refetch`). */
  onRetry: () => void;
  /** When given, a 404 says only this: retrying would not bring the thing back. */
  notFoundTitle?: ReactNode;
};

/**
 * A request that failed where its data belongs: an error alert with the title, the problem's
 * message and a "Retry" button; with `notFoundTitle`, a 404 reads as "not found" without either.
 */
export function LoadError({ title, error, onRetry, notFoundTitle }: LoadErrorProps) {
  const { t } = useTranslation();
  if (notFoundTitle && isApiError(error) && error.status === 404) {
    return <Alert tone="error" title={notFoundTitle} />;
  }
  return (
    <Alert
      tone="error"
      title={title}
      action={
        <Button variant="secondary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
    >
      {errorMessage(error, t)}
    </Alert>
  );
}
