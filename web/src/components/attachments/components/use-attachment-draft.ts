import { useCallback, useState, type ClipboardEvent } from 'react';
import { checkFiles, type FileRefusal } from '../utils/file-checks';

/**
 * The files chosen in a composer or form before it is sent: `add` keeps the acceptable ones and
 * reports the refused ones (type, size, count) in `refusals` until the next change; `remove`
 * drops one; `clear` empties it after a successful send; `onPaste`, for the form's text box, adds
 * the files of a paste.
 */
export function useAttachmentDraft() {
  const [files, setFiles] = useState<File[]>([]);
  const [refusals, setRefusals] = useState<FileRefusal[]>([]);
  const add = useCallback((incoming: readonly File[]) => {
    setFiles((current) => {
      const { accepted, refused } = checkFiles(incoming, current.length);
      setRefusals(refused);
      return [...current, ...accepted];
    });
  }, []);
  const remove = useCallback((index: number) => {
    setFiles((current) => current.filter((_, i) => i !== index));
    setRefusals([]);
  }, []);
  const clear = useCallback(() => {
    setFiles([]);
    setRefusals([]);
  }, []);
  const onPaste = useCallback(
    (event: ClipboardEvent) => {
      // A pasted screenshot becomes an attachment; pasted text stays text.
      const pasted = filesFromClipboard(event.clipboardData);
      if (pasted.length) {
        event.preventDefault();
        add(pasted);
      }
    },
    [add],
  );
  return { files, refusals, add, remove, clear, onPaste };
}

export type AttachmentDraft = ReturnType<typeof useAttachmentDraft>;

/** The files of a paste (a screenshot copied to the clipboard, files copied in a file manager). */
export function filesFromClipboard(data: DataTransfer | null): File[] {
  if (!data) return [];
  const files = Array.from(data.files);
  if (files.length) return files;
  return Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.getAsFile())
    .filter((file): file is File => file !== null);
}
