import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxWithSecret } from '@docket/server/contract/mailboxes';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { API_BASE } from '@/lib/api-client';

/**
 * A mailbox's inbound secret, shown this once (the server keeps only its hash; docs/product.md
 * "Inbound email"), with what a mail server or script needs to post raw messages:
 * `POST <origin>/api/inbound/email`, HTTP Basic (RFC 7617) with the mailbox id as user name and
 * the secret as password, `Content-Type: message/rfc822` (RFC 2046 §5.2.1). The admin pages'
 * "secret shown once" layout: the secret in full, "Copy" (Clipboard API) and "Done", which hides
 * it for good.
 */
export function InboundSecret({
  mailbox,
  onDismiss,
}: {
  mailbox: MailboxWithSecret;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const endpoint = `${window.location.origin}${API_BASE}/inbound/email`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(mailbox.inboundSecret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <Alert
      tone="success"
      title={t('inboundEmail.secret.title', { address: mailbox.address })}
      action={
        <div className="admin-secret__actions">
          <Button variant="secondary" onClick={() => void copy()}>
            {t('inboundEmail.secret.copy')}
          </Button>
          <Button onClick={onDismiss}>{t('inboundEmail.secret.done')}</Button>
        </div>
      }
    >
      <p>{t('inboundEmail.secret.body')}</p>
      <code className="admin-secret" data-testid="inbound-secret">
        {mailbox.inboundSecret}
      </code>
      <p aria-live="polite" className="admin-muted">
        {copied === 'yes' ? t('inboundEmail.secret.copied') : null}
        {copied === 'failed' ? t('inboundEmail.secret.copyFailed') : null}
      </p>
      <p>{t('inboundEmail.secret.howTo')}</p>
      <dl className="inbound-secret__facts">
        <div>
          <dt>{t('inboundEmail.secret.endpoint')}</dt>
          <dd>
            <code>POST {endpoint}</code>
          </dd>
        </div>
        <div>
          <dt>{t('inboundEmail.secret.user')}</dt>
          <dd>
            <code>{mailbox.id}</code>
          </dd>
        </div>
        <div>
          <dt>{t('inboundEmail.secret.password')}</dt>
          <dd>{t('inboundEmail.secret.passwordIsSecret')}</dd>
        </div>
        <div>
          <dt>{t('inboundEmail.secret.contentType')}</dt>
          <dd>
            <code>message/rfc822</code>
          </dd>
        </div>
      </dl>
    </Alert>
  );
}
