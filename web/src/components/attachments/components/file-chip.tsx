import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isPreviewableImage } from '../utils/file-checks';
import { formatFileSize } from '../utils/format-size';

/** "PDF", "PNG", "DOCX": the type of a file as a short label, from its name. */
export function fileTypeLabel(fileName: string, mimeType?: string): string {
  const ext = fileName.includes('.') ? fileName.split('.').pop()!.toUpperCase() : '';
  if (ext && ext.length <= 5) return ext === 'JPEG' ? 'JPG' : ext;
  return mimeType?.split('/').pop()?.toUpperCase() ?? '';
}

type FileChipProps = {
  file: File;
  /** Removes the file from the draft; no button when absent. */
  onRemove?: () => void;
};

/** A chosen file before it is sent: a preview for images, its name, size and type. */
export function FileChip({ file, onRemove }: FileChipProps) {
  const { t, i18n } = useTranslation();
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!isPreviewableImage(file) || typeof URL.createObjectURL !== 'function') return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return (
    <li className="file-chip" data-testid="file-chip">
      {preview ? (
        <img
          className="file-chip__preview"
          src={preview}
          alt={t('attachments.previewOf', { name: file.name })}
        />
      ) : (
        <span className="file-chip__type" aria-hidden="true">
          {fileTypeLabel(file.name, file.type)}
        </span>
      )}
      <span className="file-chip__name">{file.name}</span>
      <span className="file-chip__meta">
        {fileTypeLabel(file.name, file.type)} ·{' '}
        {formatFileSize(file.size, i18n.resolvedLanguage ?? 'en')}
      </span>
      {onRemove ? (
        <button
          type="button"
          className="file-chip__remove"
          onClick={onRemove}
          aria-label={t('attachments.remove', { name: file.name })}
        >
          ×
        </button>
      ) : null}
    </li>
  );
}
