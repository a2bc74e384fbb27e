import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '@docket/server/contract/tickets';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { getTrackingLink } from '../api/get-tracking-link';
import { buildShareMessage, shareLanguage } from '../utils/share-message';

/** Writes `text` to the clipboard (Clipboard API, secure contexts); false when refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * "Share with customer" (docs/product.md "Customers"): asks for a fresh tracking link, writes the message
 * (reference, subject, status, priority, category, link) in the requester's language
 * (`requesterLocale` of the link, through i18next's `getFixedT`) and copies it. When the
 * clipboard is refused the message is shown, selected, to copy by hand.
 */
export function ShareWithCustomer({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const { toast } = useToast();
  const [pending, setPending] = useState(false);
  const [fallback, setFallback] = useState<string | null>(null);

  async function share() {
    setPending(true);
    setFallback(null);
    try {
      const link = await getTrackingLink(ticket.id);
      const language = shareLanguage(link.requesterLocale);
      const message = buildShareMessage(i18n.getFixedT(language), ticket, link.url);
      if (await copyText(message)) {
        toast({
          tone: 'success',
          title: t('ticketPage.share.copied', {
            name: ticket.requester.name,
            language: t(`languages.${language}`),
          }),
        });
      } else {
        setFallback(message);
      }
    } catch {
      toast({ tone: 'error', title: t('ticketPage.share.failed') });
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <Button variant="secondary" disabled={pending} onClick={() => void share()}>
        {pending ? t('ticketPage.share.copying') : t('ticketPage.share.button')}
      </Button>
      {fallback !== null ? (
        <div className="share-fallback">
          <p className="field__hint">{t('ticketPage.copyFailed')}</p>
          <textarea
            className="textarea"
            readOnly
            rows={9}
            aria-label={t('ticketPage.share.button')}
            value={fallback}
            ref={(element) => element?.select()}
          />
        </div>
      ) : null}
    </>
  );
}

/** Copies the ticket's reference (TKT-00042) and says so. */
export function CopyReference({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const { toast } = useToast();
  return (
    <Button
      variant="ghost"
      className="copy-reference"
      onClick={() =>
        void copyText(reference).then((copied) =>
          toast(
            copied
              ? { tone: 'success', title: t('ticketPage.referenceCopied', { reference }) }
              : { tone: 'error', title: t('ticketPage.copyFailed') },
          ),
        )
      }
    >
      {t('ticketPage.copyReference')}
    </Button>
  );
}
