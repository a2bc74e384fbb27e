import {
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
  type RefObject,
} from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import {
  CreateResponseBodySchema,
  REPLY_STATUSES,
  type CreateResponseBody,
  type TicketResponse,
} from '@docket/server/contract/responses';
import { MarkdownContent } from '@/components/markdown/markdown-content';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Field } from '@/components/ui/field';
import { ChevronDownIcon, LockIcon } from '@/components/ui/icons';
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
import { useMySignature } from '../api/get-my-signature';
import { clearReplyDraft, loadReplyDraft, saveReplyDraft } from '../utils/reply-draft';

/** A status a reply may set in the same request ("send and set status"). */
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

/** What `onSent` gets: the saved response, and the status sent with it (null: none). */
export type ReplySent = { response: TicketResponse; status: ReplyStatus | null };

type ReplyComposerProps = {
  /** The ticket's uuid. */
  ticketId: string;
  /**
   * Agents and admins: internal notes, Markdown with its preview, "send and set status" and the
   * signature. Customers write plain text and never see those choices.
   */
  canWriteInternalNotes: boolean;
  /**
   * Extra tools for the box from outside the tickets feature (the macro picker), rendered beside
   * the send button with the box and its draft.
   */
  tools?: (composer: ReplyComposerTools) => ReactNode;
  /** Shown right under the box, from outside the feature (the @mention list of internal notes). */
  boxAddon?: (composer: ReplyComposerTools) => ReactNode;
  /** Called once a response is saved (e.g. for the page to move on after "send and resolve"). */
  onSent?: (sent: ReplySent) => void;
  /** For the page's keyboard shortcuts (r, n): focus the box in one mode. */
  ref?: Ref<ReplyComposerHandle>;
};

/** What a composer's `ref` offers: `focus('internal')` switches to an internal note and focuses. */
export type ReplyComposerHandle = { focus: (mode: 'public' | 'internal') => void };

/** What a composer's `tools` get: the reply box, its text and a way to change that text. */
export type ReplyComposerTools = {
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  content: string;
  onContentChange: (content: string) => void;
  /** An internal note is being written. */
  internal: boolean;
};

/**
 * The reply box of a ticket (docs/product.md "Markdown", "Ticket"): a public reply or, for
 * staff, an internal note (labelled as a note throughout: heading, field, "Add note"). Staff
 * write Markdown with a Write / Preview switch (the preview is the timeline's own rendering),
 * may send with a status in one request (RESOLVED, WAITING_ON_CUSTOMER, ON_HOLD), and get their
 * signature appended to public replies by the server (`appendSignature`). Ctrl/Cmd+Enter in the
 * box sends. The box stays a plain controlled `<textarea>` (`tools` get its ref).
 */
export function ReplyComposer({
  ticketId,
  canWriteInternalNotes,
  tools,
  boxAddon,
  onSent,
  ref,
}: ReplyComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  // The draft survives a reload of the page (e.g. after a 412 conflict): sessionStorage, per
  // ticket. Mount one composer per ticket (`key={ticketId}`).
  const [content, setContent] = useState(() => loadReplyDraft(ticketId)?.content ?? '');
  const [isInternal, setIsInternal] = useState(
    () => canWriteInternalNotes && (loadReplyDraft(ticketId)?.isInternal ?? false),
  );
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [validationError, setValidationError] = useState<string | null>(null);
  const [sentNotice, setSentNotice] = useState<string | null>(null);
  const draft = useAttachmentDraft();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const createResponse = useCreateResponse(ticketId, { onProgress: setProgress });
  const signature = useMySignature(canWriteInternalNotes).data ?? null;

  const staff = canWriteInternalNotes;
  const internal = staff && isInternal;
  const previewing = staff && tab === 'preview';

  useImperativeHandle(ref, () => ({
    focus: (mode) => {
      if (canWriteInternalNotes) changeDraft({ isInternal: mode === 'internal' });
      // The box must be shown before it can take the focus.
      flushSync(() => setTab('write'));
      textareaRef.current?.focus();
    },
  }));

  function changeDraft(next: { content?: string; isInternal?: boolean }) {
    const draft = { content: next.content ?? content, isInternal: next.isInternal ?? isInternal };
    if (next.content !== undefined) setContent(next.content);
    if (next.isInternal !== undefined) setIsInternal(next.isInternal);
    saveReplyDraft(ticketId, draft);
  }

  /** Sends the draft, with `status` when one was chosen. */
  function send(status: ReplyStatus | null) {
    setSentNotice(null);
    const parsed = CreateResponseBodySchema.safeParse({ content, isInternal: internal });
    if (!parsed.success) {
      setTab('write');
      setValidationError(fieldErrorsFromZod(parsed.error, t).content ?? t('validation.invalid'));
      return;
    }
    setValidationError(null);
    const body: CreateResponseBody = { content: parsed.data.content, isInternal: internal };
    // Staff write Markdown (the server's default for them); their public replies get their
    // signature, if they have one.
    if (staff && !internal) body.appendSignature = true;
    if (staff && status) body.status = status;
    createResponse.mutate(
      { ...body, files: draft.files },
      {
        // The draft is cleared only once the response is saved: on failure it stays to retry.
        onSuccess: (response) => {
          setContent('');
          setTab('write');
          clearReplyDraft(ticketId);
          draft.clear();
          setSentNotice(
            status
              ? t('replyComposer.sentWithStatus', { status: t(`status.${status}`) })
              : internal
                ? t('replyComposer.noteAdded')
                : t('composer.sent'),
          );
          onSent?.({ response, status });
        },
        onSettled: () => setProgress(null),
      },
    );
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send(null);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (
      event.key === 'Enter' &&
      (event.ctrlKey || event.metaKey) &&
      !event.nativeEvent.isComposing
    ) {
      event.preventDefault();
      if (!createResponse.isPending) formRef.current?.requestSubmit();
    }
  }

  const serverError = createResponse.error;
  const fieldError =
    validationError ?? (isApiError(serverError) ? (serverError.fieldErrors.content ?? null) : null);
  const generalError =
    serverError && !fieldError
      ? (attachmentErrorMessage(serverError, t) ?? errorMessage(serverError, t))
      : null;

  const submitLabel = createResponse.isPending
    ? internal
      ? t('replyComposer.adding')
      : t('composer.sending')
    : internal
      ? t('replyComposer.addNote')
      : t('composer.submit');

  return (
    <form
      ref={formRef}
      className={internal ? 'composer composer--internal' : 'composer'}
      onSubmit={handleSubmit}
      aria-labelledby={`${id}-heading`}
      data-mode={internal ? 'note' : 'reply'}
    >
      <h2 id={`${id}-heading`} className="composer__heading">
        {internal ? t('replyComposer.noteHeading') : t('composer.heading')}
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

      {staff ? (
        <div className="composer__tabs" role="tablist" aria-label={t('replyComposer.editor')}>
          <button
            type="button"
            role="tab"
            id={`${id}-write-tab`}
            aria-controls={`${id}-write`}
            aria-selected={!previewing}
            className="composer__tab"
            onClick={() => setTab('write')}
          >
            {t('replyComposer.write')}
          </button>
          <button
            type="button"
            role="tab"
            id={`${id}-preview-tab`}
            aria-controls={`${id}-preview`}
            aria-selected={previewing}
            className="composer__tab"
            onClick={() => setTab('preview')}
          >
            {t('replyComposer.preview')}
          </button>
          <span className="composer__format-hint">{t('replyComposer.markdownHint')}</span>
        </div>
      ) : null}

      <div
        id={`${id}-write`}
        {...(staff ? { role: 'tabpanel', 'aria-labelledby': `${id}-write-tab` } : {})}
        hidden={previewing}
      >
        <Field
          label={internal ? t('replyComposer.noteLabel') : t('composer.reply')}
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
              onKeyDown={handleKeyDown}
              onPaste={draft.onPaste}
            />
          )}
        </Field>
        {boxAddon?.({
          textareaRef,
          content,
          internal,
          onContentChange: (next) => changeDraft({ content: next }),
        })}
      </div>

      {staff && previewing ? (
        <div
          id={`${id}-preview`}
          role="tabpanel"
          aria-labelledby={`${id}-preview-tab`}
          className="composer__preview"
          data-testid="composer-preview"
        >
          {content.trim() ? (
            <MarkdownContent content={content} format="markdown" />
          ) : (
            <p className="composer__preview-empty">{t('replyComposer.previewEmpty')}</p>
          )}
        </div>
      ) : null}

      {staff && !internal && signature ? (
        <p className="composer__signature">{t('replyComposer.signature')}</p>
      ) : null}

      <AttachmentPicker draft={draft} disabled={createResponse.isPending} />
      <UploadProgressBar progress={createResponse.isPending ? progress : null} />

      {generalError ? <Alert tone="error">{generalError}</Alert> : null}

      <div className="composer__actions">
        <Button type="submit" disabled={createResponse.isPending}>
          {submitLabel}
        </Button>
        {staff ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="secondary" disabled={createResponse.isPending}>
                {internal ? t('replyComposer.noteWithStatus') : t('replyComposer.sendWithStatus')}
                <ChevronDownIcon />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent>
              <DropdownMenuLabel>{t('replyComposer.thenStatus')}</DropdownMenuLabel>
              {REPLY_STATUSES.map((status) => (
                <DropdownMenuItem key={status} onSelect={() => send(status)}>
                  {t(`status.${status}`)}
                </DropdownMenuItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null}
        {tools?.({
          textareaRef,
          content,
          internal,
          onContentChange: (next) => changeDraft({ content: next }),
        })}
        <p className="composer__status" role="status">
          {sentNotice ?? ''}
        </p>
      </div>
    </form>
  );
}
