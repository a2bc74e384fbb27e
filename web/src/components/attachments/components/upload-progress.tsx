import { useTranslation } from 'react-i18next';
import type { UploadProgress } from '../api/upload-form';

/** The progress of an upload in flight: a bar and the percentage, announced politely. */
export function UploadProgressBar({ progress }: { progress: UploadProgress | null }) {
  const { t } = useTranslation();
  if (!progress) return null;
  const percent = progress.total ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <div className="upload-progress" role="status">
      <progress
        className="upload-progress__bar"
        max={100}
        value={percent}
        aria-label={t('attachments.progressLabel')}
      />
      <span className="upload-progress__text">{t('attachments.uploading', { percent })}</span>
    </div>
  );
}
