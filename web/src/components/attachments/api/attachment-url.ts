/**
 * Attachment bytes in the browser. The API's attachment links need the bearer token, which an
 * `<img src>` or a plain link cannot send, so the bytes are fetched with it and shown through a
 * `blob:` URL (allowed by the app's CSP for images). The public tracker's links carry their
 * token in the path and are used as they are (`authenticated: false`).
 */
import { useEffect, useState } from 'react';
import { getSessionToken } from '@/lib/session';

/** Fetches `link` (a path under /api) with the session's token; resolves with the Blob. */
export async function fetchAttachmentBlob(link: string, signal?: AbortSignal): Promise<Blob> {
  const token = getSessionToken();
  const response = await fetch(link, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

/**
 * A URL an `<img>` can show for `link`: a `blob:` URL of the bytes fetched with the session's
 * token (revoked on unmount), or `link` itself when `authenticated` is false. null while loading
 * or when the fetch failed.
 */
export function useAttachmentObjectUrl(link: string | null, authenticated = true): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!link || !authenticated) return;
    const controller = new AbortController();
    let objectUrl: string | null = null;
    fetchAttachmentBlob(link, controller.signal)
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => setUrl(null));
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [link, authenticated]);
  if (!link) return null;
  return authenticated ? url : link;
}

/**
 * Saves the file behind `link` under `fileName`: fetched with the session's token, then handed to
 * the browser as a download (the server also answers `Content-Disposition: attachment`).
 */
export async function downloadAttachment(link: string, fileName: string): Promise<void> {
  const blob = await fetchAttachmentBlob(link);
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
