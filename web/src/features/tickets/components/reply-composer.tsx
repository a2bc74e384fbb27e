import { useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateResponseBodySchema } from '@docket/server/contract/responses';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { LockIcon } from '@/components/ui/icons';
import { isApiError } from '@/lib/api-client';
import { errorMessage, fieldErrorsFromZod } from '@/lib/form-errors';
import {
  AttachmentPicker,
  UploadProgressBar,
  attachmentErrorMessage,
  useAttachmentDraft,
  type UploadProgress,
} from '@/components/attachments';
import { useCreateResponse } from '../api/create-response';
import { clearReplyDraft, loadReplyDraft, saveReplyDraft } from '../utils/reply-draft';

type ReplyComposerProps = {
  /** The ticket's uuid. */
  ticketId: string;
  /** Agents and admins may write internal notes; customers never see the choice. */
  canWriteInternalNotes: boolean;
  /**
   * Extra tools for the box from outside the tickets feature (the macro picker), rendered beside
   * the send button with the box and its draft.
   */
  tools?: (composer: ReplyComposerTools) => ReactNode;
};

/** What a composer's `tools` get: the reply box, its text and a way to change that text. */
export type ReplyComposerTools = {
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  content: string;
  onContentChange: (content: string) => void;
};

export function ReplyComposer({ ticketId, canWriteInternalNotes, tools }: ReplyComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  // The draft survives a reload of the page (e.g. after a 412 conflict): sessionStorage, per
  // ticket. Mount one composer per ticket (`key={ticketId}`).
  const [content, setContent] = useState(() => loadReplyDraft(ticketId)?.content ?? '');
  const [isInternal, setIsInternal] = useState(
    () => canWriteInternalNotes && (loadReplyDraft(ticketId)?.isInternal ?? false),
  );
  const [validationError, setValidationError] = useState<string | null>(null);
  const [sentNotice, setSentNotice] = useState(false);
  const draft = useAttachmentDraft();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const createResponse = useCreateResponse(ticketId, { onProgress: setProgress });

  const internal = canWriteInternalNotes && isInternal;

  function changeDraft(next: { content?: string; isInternal?: boolean }) {
    const draft = { content: next.content ?? content, isInternal: next.isInternal ?? isInternal };
    if (next.content !== undefined) setContent(next.content);
    if (next.isInternal !== undefined) setIsInternal(next.isInternal);
    saveReplyDraft(ticketId, draft);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSentNotice(false);
    const parsed = CreateResponseBodySchema.safeParse({ content, isInternal: internal });
    if (!parsed.success) {
      setValidationError(fieldErrorsFromZod(parsed.error, t).content ?? t('validation.invalid'));
      return;
    }
    setValidationError(null);
    createResponse.mutate(
      { ...parsed.data, files: draft.files },
      {
        // The draft is cleared only once the response is saved: on failure it stays to retry.
        onSuccess: () => {
          setContent('');
          clearReplyDraft(ticketId);
          draft.clear();
          setSentNotice(true);
        },
        onSettled: () => setProgress(null),
      },
    );
  }

  const serverError = createResponse.error;
  const fieldError =
    validationError ?? (isApiError(serverError) ? (serverError.fieldErrors.content ?? null) : null);
  const generalError =
    serverError && !fieldError
      ? (attachmentErrorMessage(serverError, t) ?? errorMessage(serverError, t))
      : null;

  return (
    <form
      className={internal ? 'composer composer--internal' : 'composer'}
      onSubmit={handleSubmit}
      aria-labelledby={`${id}-heading`}
    >
      <h2 id={`${id}-heading`} className="composer__heading">
        {t('composer.heading')}
      </h2>

      {canWriteInternalNotes ? (
        // Two toggle buttons rather than radios: the choice has a name of its own ("Response
        // type") and no label of it competes with the textarea's "Reply".
        <div className="segmented" role="group" aria-labelledby={`${id}-mode`}>
          <span id={`${id}-mode`} className="segmented__legend">
            {t('composer.mode')}
          </span>
          <button
            type="button"
            className="segmented__option"
            aria-pressed={!isInternal}
            onClick={() => changeDraft({ isInternal: false })}
          >
            {t('composer.public')}
          </button>
          <button
            type="button"
            className="segmented__option segmented__option--internal"
            aria-pressed={isInternal}
            onClick={() => changeDraft({ isInternal: true })}
          >
            <LockIcon className="segmented__icon" />
            {t('composer.internal')}
          </button>
        </div>
      ) : null}

      <Field
        label={t('composer.reply')}
        hint={
          <>
            {internal ? <LockIcon className="composer__hint-icon" /> : null}
            {internal ? t('composer.internalHint') : t('composer.publicHint')}
          </>
        }
        hintClassName="composer__hint"
        error={fieldError ?? undefined}
      >
        {(control) => (
          <textarea
            {...control}
            ref={textareaRef}
            className="textarea"
            name="content"
            rows={5}
            value={content}
            onChange={(event) => {
              changeDraft({ content: event.target.value });
              if (validationError) setValidationError(null);
            }}
            onPaste={draft.onPaste}
          />
        )}
      </Field>

      <AttachmentPicker draft={draft} disabled={createResponse.isPending} />
      <UploadProgressBar progress={createResponse.isPending ? progress : null} />

      {generalError ? <Alert tone="error">{generalError}</Alert> : null}

      <div className="composer__actions">
        <Button type="submit" disabled={createResponse.isPending}>
          {createResponse.isPending ? t('composer.sending') : t('composer.submit')}
        </Button>
        {tools?.({
          textareaRef,
          content,
          onContentChange: (next) => changeDraft({ content: next }),
        })}
        <p className="composer__status" role="status">
          {sentNotice ? t('composer.sent') : ''}
        </p>
      </div>
    </form>
  );
}
