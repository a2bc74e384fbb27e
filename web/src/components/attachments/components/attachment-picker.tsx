import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_ATTACHMENT_LIMITS } from '@docket/server/contract/attachments';
import { ACCEPT_ATTRIBUTE, type FileRefusal } from '../utils/file-checks';
import { formatFileSize } from '../utils/format-size';
import { FileChip } from './file-chip';
import type { AttachmentDraft } from './use-attachment-draft';

type AttachmentPickerProps = {
  draft: AttachmentDraft;
  disabled?: boolean;
};

/** A refused file, said plainly. */
export function useRefusalMessage() {
  const { t, i18n } = useTranslation();
  return (refusal: FileRefusal) => {
    switch (refusal.reason) {
      case 'type':
        return t('attachments.refusedType', { name: refusal.fileName });
      case 'size':
        return t('attachments.refusedSize', {
          name: refusal.fileName,
          size: formatFileSize(refusal.maxBytes, i18n.resolvedLanguage ?? 'en'),
        });
      case 'count':
        return t('attachments.refusedCount', { name: refusal.fileName, count: refusal.maxFiles });
    }
  };
}

/**
 * Where files are added to a composer or form: drop them on the zone, choose them with
 * the button (keyboard and screen readers), or paste them into the text field (the owner wires
 * `filesFromClipboard` to its onPaste). Chosen files show as chips with a preview for images, their
 * size and type, and a remove button; refused files are said at once, with why.
 */
export function AttachmentPicker({ draft, disabled = false }: AttachmentPickerProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const refusalMessage = useRefusalMessage();

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    draft.add(Array.from(event.dataTransfer.files));
  }

  return (
    <div className="attachment-picker">
      <div
        className={dragging ? 'dropzone dropzone--active' : 'dropzone'}
        data-testid="dropzone"
        onDragOver={(event) => {
          event.preventDefault();
          if (!disabled) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span className="dropzone__text" id={`${id}-hint`}>
          {t('attachments.dropHint')}
        </span>
        <button
          type="button"
          className="button button--secondary dropzone__button"
          disabled={disabled}
          onClick={() => input.current?.click()}
          aria-describedby={`${id}-hint ${id}-accepted`}
        >
          {t('attachments.choose')}
        </button>
        <span className="dropzone__accepted" id={`${id}-accepted`}>
          {t('attachments.accepted', {
            size: formatFileSize(
              DEFAULT_ATTACHMENT_LIMITS.maxFileBytes,
              i18n.resolvedLanguage ?? 'en',
            ),
          })}
        </span>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={ACCEPT_ATTRIBUTE}
          data-testid="attachment-input"
          aria-label={t('attachments.choose')}
          onChange={(event) => {
            draft.add(Array.from(event.target.files ?? []));
            event.target.value = '';
          }}
        />
      </div>
      {draft.refusals.length ? (
        <ul className="attachment-picker__refusals" role="alert">
          {draft.refusals.map((refusal, i) => (
            <li key={`${refusal.fileName}-${i}`}>{refusalMessage(refusal)}</li>
          ))}
        </ul>
      ) : null}
      {draft.files.length ? (
        <ul className="file-chips" aria-label={t('attachments.chosenLabel')}>
          {draft.files.map((file, index) => (
            <FileChip
              key={`${file.name}-${file.size}-${file.lastModified}-${index}`}
              file={file}
              onRemove={disabled ? undefined : () => draft.remove(index)}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
