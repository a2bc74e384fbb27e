import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PublicReplyBodySchema } from '@docket/server/contract/public';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import {
  AttachmentPicker,
  UploadProgressBar,
  attachmentErrorMessage,
  useAttachmentDraft,
  type UploadProgress,
} from '@/components/attachments';
import { isApiError } from '@/lib/api-client';
import { errorMessage, fieldErrorsFromZod } from '@/lib/form-errors';
import { useRateLimit } from '../utils/countdown';
import { RateLimitNotice } from './rate-limit-notice';

/** What the requester sends: the text and the files chosen (none: a plain JSON reply). */
export type ReplyInput = { content: string; files: readonly File[] };

/** Sends a reply; `onProgress` follows the upload of its files (multipart/form-data). */
export type SendReply = (
  input: ReplyInput,
  onProgress?: (progress: UploadProgress) => void,
) => Promise<unknown>;

type ReplyFormProps = {
  /**
   * Sends the reply and resolves once it is on screen (the caller reloads what shows it); rejects
   * with an ApiError (413/415/422 for a refused file). Through a tracking link or as the
   * signed-in requester.
   */
  send: SendReply;
  /** A reply moves the ticket back to OPEN (RESOLVED, WAITING_ON_CUSTOMER): say so. */
  reopens?: boolean;
  /** The ticket turned CLOSED meanwhile (409 `ticket_closed`): the page reloads it. */
  onTicketClosed?: () => void;
};

/**
 * The requester's reply box: a public reply, checked against the API's own rule
 * (`PublicReplyBodySchema`: 1–20,000 characters) before sending, with files (dropped,
 * chosen or pasted; chips with previews, an upload progress bar, the server's 413/415/422 said
 * plainly). The draft and its files are kept until the reply is saved; a 429 shows its countdown
 * and holds the button until it ends.
 */
export function ReplyForm({ send, reopens = false, onTicketClosed }: ReplyFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [content, setContent] = useState('');
  const [validationError, setValidationError] = useState<string | null>(null);
  const [sentNotice, setSentNotice] = useState(false);
  const draft = useAttachmentDraft();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const reply = useMutation({ mutationFn: (input: ReplyInput) => send(input, setProgress) });
  const rateLimit = useRateLimit(reply.error);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSentNotice(false);
    const parsed = PublicReplyBodySchema.safeParse({ content });
    if (!parsed.success) {
      setValidationError(fieldErrorsFromZod(parsed.error, t).content ?? t('validation.invalid'));
      return;
    }
    setValidationError(null);
    reply.mutate(
      { content: parsed.data.content, files: draft.files },
      {
        onSuccess: () => {
          setContent('');
          draft.clear();
          setSentNotice(true);
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'ticket_closed') onTicketClosed?.();
        },
        onSettled: () => setProgress(null),
      },
    );
  }

  const serverError = reply.error;
  const fieldError =
    validationError ?? (isApiError(serverError) ? (serverError.fieldErrors.content ?? null) : null);
  const closedMeanwhile = isApiError(serverError) && serverError.code === 'ticket_closed';
  const generalError =
    serverError && !fieldError && !rateLimit && !closedMeanwhile
      ? (attachmentErrorMessage(serverError, t) ?? errorMessage(serverError, t))
      : null;
  const waiting = rateLimit !== null && rateLimit.secondsLeft !== 0;

  return (
    <form className="composer reply-form" onSubmit={handleSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="composer__heading">
        {t('reply.heading')}
      </h2>
      <Field
        label={t('reply.label')}
        hint={reopens ? t('reply.reopenHint') : t('reply.hint')}
        error={fieldError ?? undefined}
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            name="content"
            rows={5}
            value={content}
            onChange={(event) => {
              setContent(event.target.value);
              if (validationError) setValidationError(null);
            }}
            onPaste={draft.onPaste}
          />
        )}
      </Field>

      <AttachmentPicker draft={draft} disabled={reply.isPending} />
      <UploadProgressBar progress={reply.isPending ? progress : null} />

      {rateLimit ? <RateLimitNotice secondsLeft={rateLimit.secondsLeft} /> : null}
      {closedMeanwhile ? <Alert tone="info">{t('reply.closedMeanwhile')}</Alert> : null}
      {generalError ? <Alert tone="error">{generalError}</Alert> : null}

      <div className="composer__actions">
        <Button type="submit" disabled={reply.isPending || waiting}>
          {reply.isPending ? t('reply.sending') : t('reply.submit')}
        </Button>
        <p className="composer__status" role="status">
          {sentNotice ? t('reply.sent') : ''}
        </p>
      </div>
    </form>
  );
}
