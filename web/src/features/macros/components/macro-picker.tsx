import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { Macro } from '@docket/server/contract/macros';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { describeChanges } from '@/components/automation/utils/automation-words';
import { isApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';
import { useApplyMacro, useMacroPreview, useMacros } from '../api/macros';
import './macros.css';

export type MacroPickerProps = {
  /** The ticket's uuid. */
  ticketId: string;
  /** The id in the page's address (reference, number or uuid): the ticket's cache entry. */
  detailId: string;
  /** The ticket version the agent sees, sent as `If-Match` (RFC 9110 §13.1.1). */
  version: number;
  /** The reply composer's textarea: `/` in it while empty, or Ctrl/Cmd+K, opens the picker. */
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  /** The composer's text (its draft); the picker only ever clears a lone "/" it typed. */
  content: string;
  /** Changes the composer's text (and its saved draft). */
  onContentChange: (content: string) => void;
  /** Called when the server refuses the macro as stale (412): the page explains and reloads. */
  onConflict?: () => void;
};

/**
 * The macro picker of the reply composer (docs/product.md "Macros"): opened by typing `/` as the
 * first character of an empty reply box, by Ctrl/Cmd+K while the box has focus, or by its
 * button. A dialog lists the caller's and the shared macros, filtered by what is typed (a
 * combobox and listbox, WAI-ARIA APG: arrow keys move, Enter chooses, Escape closes and focus
 * goes back to the box). Choosing one shows its preview (`POST …/preview`: the reply as it will
 * be written and each field change, "Status: New → Resolved"); Apply runs
 * `POST …/apply` with `If-Match`. A 412 shows the ticket page's stale-version message and calls
 * `onConflict`; the composer's draft is never touched, except that a lone "/" is cleared.
 */
export function MacroPicker({
  ticketId,
  detailId,
  version,
  textareaRef,
  content,
  onContentChange,
  onConflict,
}: MacroPickerProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    function onKeyDown(event: globalThis.KeyboardEvent) {
      const target = event.currentTarget as HTMLTextAreaElement;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen(true);
      } else if (
        event.key === '/' &&
        target.value === '' &&
        !event.ctrlKey &&
        !event.metaKey &&
        !event.altKey
      ) {
        // The "/" is typed by the picker itself, so it is there whatever the dialog does to
        // focus; it is cleared when a macro is applied.
        event.preventDefault();
        onContentChange('/');
        setOpen(true);
      }
    }
    textarea.addEventListener('keydown', onKeyDown);
    return () => textarea.removeEventListener('keydown', onKeyDown);
  }, [textareaRef, onContentChange]);

  // Opened from the box rather than from a trigger, so focus is given back to the box on close
  // (after radix's own focus handling, which has no trigger to return to).
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) {
      wasOpen.current = true;
      return;
    }
    if (!wasOpen.current) return;
    wasOpen.current = false;
    const timer = setTimeout(() => textareaRef.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [open, textareaRef]);

  function close() {
    setOpen(false);
  }

  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        {t('macros.picker.open')}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        {open ? (
          <MacroPickerDialog
            ticketId={ticketId}
            detailId={detailId}
            version={version}
            onApplied={() => {
              if (content === '/') onContentChange('');
              close();
            }}
            onCancel={close}
            onConflict={onConflict}
          />
        ) : null}
      </Dialog>
    </>
  );
}

type MacroPickerDialogProps = {
  ticketId: string;
  detailId: string;
  version: number;
  onApplied: () => void;
  onCancel: () => void;
  onConflict?: () => void;
};

function MacroPickerDialog({
  ticketId,
  detailId,
  version,
  onApplied,
  onCancel,
  onConflict,
}: MacroPickerDialogProps) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Macro | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  return (
    <DialogContent
      title={
        chosen ? t('macros.picker.previewTitle', { name: chosen.name }) : t('macros.picker.title')
      }
      description={chosen ? undefined : t('macros.picker.description')}
      size="wide"
      onOpenAutoFocus={(event) => {
        // The search box, not the close button that comes first.
        event.preventDefault();
        searchRef.current?.focus();
      }}
    >
      {chosen ? (
        <MacroPreviewPanel
          ticketId={ticketId}
          detailId={detailId}
          version={version}
          macro={chosen}
          onApplied={onApplied}
          onCancel={onCancel}
          onConflict={onConflict}
        />
      ) : (
        <MacroSearch inputRef={searchRef} onChoose={setChosen} />
      )}
    </DialogContent>
  );
}

function MacroSearch({
  inputRef,
  onChoose,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  onChoose: (macro: Macro) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const macros = useMacros();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return (macros.data?.data ?? []).filter((macro) =>
      words.every((word) => macro.name.toLowerCase().includes(word)),
    );
  }, [macros.data, query]);
  const activeIndex = Math.min(active, Math.max(matches.length - 1, 0));

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive(matches.length ? (activeIndex + 1) % matches.length : 0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(matches.length ? (activeIndex - 1 + matches.length) % matches.length : 0);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const macro = matches[activeIndex];
      if (macro) onChoose(macro);
    }
  }

  return (
    <div className="macro-picker">
      <input
        ref={inputRef}
        className="input"
        type="search"
        role="combobox"
        aria-label={t('macros.picker.search')}
        aria-expanded
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={matches.length ? `${id}-option-${activeIndex}` : undefined}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {macros.isPending ? (
        <p className="admin-muted">{t('macros.picker.loading')}</p>
      ) : macros.isError ? (
        <Alert tone="error">{errorMessage(macros.error, t)}</Alert>
      ) : null}
      <ul
        id={`${id}-list`}
        className="macro-picker__list"
        role="listbox"
        aria-label={t('macros.title')}
      >
        {matches.map((macro, index) => (
          <li
            key={macro.id}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === activeIndex}
            className={
              index === activeIndex
                ? 'macro-picker__option macro-picker__option--active'
                : 'macro-picker__option'
            }
            onMouseEnter={() => setActive(index)}
            onClick={() => onChoose(macro)}
          >
            <span className="macro-picker__name">{macro.name}</span>{' '}
            <span className="admin-muted">
              {macro.shared ? t('macros.shared') : t('macros.personal')}
            </span>
          </li>
        ))}
      </ul>
      {macros.isSuccess && !matches.length ? (
        <p className="admin-muted">{t('macros.picker.empty')}</p>
      ) : null}
    </div>
  );
}

type MacroPreviewPanelProps = {
  ticketId: string;
  detailId: string;
  version: number;
  macro: Macro;
  onApplied: () => void;
  onCancel: () => void;
  onConflict?: () => void;
};

function MacroPreviewPanel({
  ticketId,
  detailId,
  version,
  macro,
  onApplied,
  onCancel,
  onConflict,
}: MacroPreviewPanelProps) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const preview = useMacroPreview(ticketId, macro.id);
  const apply = useApplyMacro(ticketId, detailId);
  const stale = isApiError(apply.error) && apply.error.status === 412;

  function onApply() {
    apply.mutate(
      { macroId: macro.id, version },
      {
        onSuccess: () => {
          toast({ tone: 'success', title: t('macros.picker.applied', { name: macro.name }) });
          onApplied();
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 412) onConflict?.();
        },
      },
    );
  }

  const changes = describeChanges(preview.data?.changes ?? {}, t);
  const reply = preview.data?.reply ?? null;

  return (
    <div className="macro-preview">
      {preview.isPending ? (
        <Loading />
      ) : preview.isError ? (
        <Alert tone="error">{errorMessage(preview.error, t)}</Alert>
      ) : (
        <>
          {reply ? (
            <section
              aria-label={reply.isInternal ? t('macros.picker.note') : t('macros.picker.reply')}
            >
              <h3 className="section-title">
                {reply.isInternal ? t('macros.picker.note') : t('macros.picker.reply')}
              </h3>
              <div className="prose macro-preview__reply">{reply.content}</div>
            </section>
          ) : null}
          <section aria-label={t('macros.picker.changes')}>
            <h3 className="section-title">{t('macros.picker.changes')}</h3>
            {changes.length ? (
              <ul className="macro-preview__changes">
                {changes.map((change) => (
                  <li key={change}>{change}</li>
                ))}
              </ul>
            ) : (
              <p className="admin-muted">{t('macros.picker.noChanges')}</p>
            )}
          </section>
        </>
      )}
      {stale ? (
        <Alert tone="error" title={t('ticketPage.conflict.title')}>
          {t('ticketPage.conflict.body')}
        </Alert>
      ) : apply.error ? (
        <Alert tone="error">{errorMessage(apply.error, t)}</Alert>
      ) : null}
      <div className="admin-dialog__actions">
        <Button variant="ghost" onClick={onCancel}>
          {t('macros.picker.cancel')}
        </Button>
        <Button onClick={onApply} disabled={!preview.isSuccess || apply.isPending || stale}>
          {apply.isPending ? t('macros.picker.applying') : t('macros.picker.apply')}
        </Button>
      </div>
    </div>
  );
}
