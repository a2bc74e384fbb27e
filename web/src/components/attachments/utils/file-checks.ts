/**
 * Checks made in the browser before a file is sent, so a person hears at once why a file will be
 * refused ("clear errors for refused files"). The server decides by content; these only
 * look at the name, the declared type and the size.
 */
import {
  ACCEPTED_ATTACHMENT_TYPES,
  DEFAULT_ATTACHMENT_LIMITS,
} from '@docket/server/contract/attachments';

export type FileRefusal =
  | { reason: 'type'; fileName: string }
  | { reason: 'size'; fileName: string; maxBytes: number }
  | { reason: 'count'; fileName: string; maxFiles: number };

const EXTENSIONS: ReadonlySet<string> = new Set(Object.values(ACCEPTED_ATTACHMENT_TYPES).flat());
const MIME_TYPES: ReadonlySet<string> = new Set(Object.keys(ACCEPTED_ATTACHMENT_TYPES));

/** The `accept` attribute of file inputs: the accepted extensions and MIME types. */
export const ACCEPT_ATTRIBUTE = [...[...EXTENSIONS].map((ext) => `.${ext}`), ...MIME_TYPES].join(
  ',',
);

/** Whether a file looks like an accepted type, by its declared type or else its extension. */
export function looksAccepted(file: Pick<File, 'name' | 'type'>): boolean {
  if (file.type && MIME_TYPES.has(file.type)) return true;
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  return EXTENSIONS.has(ext);
}

/**
 * Splits `incoming` into the files to keep and the refused ones (with why), given how many are
 * already chosen. Limits: DEFAULT_ATTACHMENT_LIMITS unless given.
 */
export function checkFiles(
  incoming: readonly File[],
  alreadyChosen: number,
  limits: { maxFileBytes: number; maxFiles: number } = DEFAULT_ATTACHMENT_LIMITS,
): { accepted: File[]; refused: FileRefusal[] } {
  const accepted: File[] = [];
  const refused: FileRefusal[] = [];
  for (const file of incoming) {
    if (!looksAccepted(file)) refused.push({ reason: 'type', fileName: file.name });
    else if (file.size > limits.maxFileBytes) {
      refused.push({ reason: 'size', fileName: file.name, maxBytes: limits.maxFileBytes });
    } else if (alreadyChosen + accepted.length >= limits.maxFiles) {
      refused.push({ reason: 'count', fileName: file.name, maxFiles: limits.maxFiles });
    } else accepted.push(file);
  }
  return { accepted, refused };
}

/** Whether a file is an image the browser can preview. */
export function isPreviewableImage(file: Pick<File, 'type'>): boolean {
  return /^image\/(png|jpeg|gif|webp)$/.test(file.type);
}
