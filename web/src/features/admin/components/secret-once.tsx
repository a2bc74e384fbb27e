import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/**
 * A new API key's secret, shown this once (the server keeps only its hash): the secret in full,
 * a "Copy" button (Clipboard API) and "Done", which hides it for good.
 */
export function SecretOnce({
  name,
  secret,
  onDismiss,
}: {
  name: string;
  secret: string;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <Alert
      tone="success"
      title={t('admin.apiKeys.secret.title', { name })}
      action={
        <div className="admin-secret__actions">
          <Button variant="secondary" onClick={() => void copy()}>
            {t('admin.apiKeys.secret.copy')}
          </Button>
          <Button onClick={onDismiss}>{t('admin.apiKeys.secret.done')}</Button>
        </div>
      }
    >
      <p>{t('admin.apiKeys.secret.body')}</p>
      <code className="admin-secret" data-testid="api-key-secret">
        {secret}
      </code>
      <p aria-live="polite" className="admin-muted">
        {copied === 'yes' ? t('admin.apiKeys.secret.copied') : null}
        {copied === 'failed' ? t('admin.apiKeys.secret.copyFailed') : null}
      </p>
    </Alert>
  );
}
