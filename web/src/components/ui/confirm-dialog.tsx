import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { errorMessage } from '@/lib/form-errors';

type ConfirmDialogProps = {
  /** The button that opens the dialog (its visible text). */
  trigger: ReactNode;
  /** Accessible name of the trigger when its text alone is ambiguous in a table ("Revoke Zapier"). */
  triggerLabel?: string;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: ReactNode;
  /** Runs the action; the dialog closes when it resolves and shows the error when it rejects. */
  onConfirm: () => Promise<unknown>;
};

/**
 * Asks before a consequential admin action (deactivate a user or category, revoke a key, delete a
 * mailbox, discard a suspended mail). The
 * server's refusal — e.g. 409 `self_lockout` — is shown inside the dialog, as the server words it.
 */
export function ConfirmDialog({
  trigger,
  triggerLabel,
  title,
  description,
  confirmLabel,
  onConfirm,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      setOpen(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary" aria-label={triggerLabel}>
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        {error ? <Alert tone="error">{errorMessage(error, t)}</Alert> : null}
        <div className="admin-dialog__actions">
          <DialogClose asChild>
            <Button variant="ghost">{t('admin.common.cancel')}</Button>
          </DialogClose>
          <Button onClick={() => void confirm()} disabled={pending}>
            {confirmLabel}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
