import { Dialog as RadixDialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CloseIcon } from './icons';

/**
 * A modal dialog (radix-ui Dialog: focus moves in and is trapped, Escape and the close button
 * close it, focus returns to the trigger, the rest of the page is inert to screen readers).
 *
 * ```tsx
 * <Dialog open={open} onOpenChange={setOpen}>
 *   <DialogTrigger asChild><Button>Rename</Button></DialogTrigger>
 *   <DialogContent title={t('…title')} description={t('…hint')}>
 *     <form>…<DialogClose asChild><Button variant="secondary">Cancel</Button></DialogClose></form>
 *   </DialogContent>
 * </Dialog>
 * ```
 * `title` is required (it names the dialog); `description` is optional (announced after it).
 */
export const Dialog = RadixDialog.Root;
/** The control that opens the dialog; use `asChild` to keep our `<Button>`. */
export const DialogTrigger = RadixDialog.Trigger;
/** Any control that closes the dialog (e.g. "Cancel"); use `asChild`. */
export const DialogClose = RadixDialog.Close;

type DialogContentProps = {
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** `wide` for dialogs holding a form with several columns. */
  size?: 'normal' | 'wide';
  /** Where focus goes when it opens; defaults to the first focusable element. */
  onOpenAutoFocus?: (event: Event) => void;
};

/** The dialog's panel, rendered in a portal above a dimmed overlay, with a titled header. */
export function DialogContent({
  title,
  description,
  children,
  size = 'normal',
  onOpenAutoFocus,
}: DialogContentProps) {
  const { t } = useTranslation();
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="ui-dialog__overlay" />
      <RadixDialog.Content
        className={`ui-dialog ui-dialog--${size}`}
        onOpenAutoFocus={onOpenAutoFocus}
        {...(description ? {} : { 'aria-describedby': undefined })}
      >
        <div className="ui-dialog__header">
          <RadixDialog.Title className="ui-dialog__title">{title}</RadixDialog.Title>
          <RadixDialog.Close className="ui-icon-button" aria-label={t('common.close')}>
            <CloseIcon />
          </RadixDialog.Close>
        </div>
        {description ? (
          <RadixDialog.Description className="ui-dialog__description">
            {description}
          </RadixDialog.Description>
        ) : null}
        <div className="ui-dialog__body">{children}</div>
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}
