import { useMutation } from '@tanstack/react-query';
import type { ExportDataSubjectBody } from '@docket/server/contract/data-subjects';
import type { Problem } from '@docket/server/contract/domain';
import { API_BASE, ApiError } from '@/lib/api-client';
import { getSessionToken } from '@/lib/session';

/** The file name of a `Content-Disposition: attachment; filename="…"` header, if any. */
function fileNameOf(disposition: string | null): string | null {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? null;
}

/**
 * `POST /api/data-subjects/export {email}` → the person's data as a ZIP, fetched with the
 * session's token and handed to the browser as a download under the server's file name.
 * @throws ApiError (400 naming `email`, 404 no such person, 403)
 */
export async function exportDataSubject(body: ExportDataSubjectBody): Promise<void> {
  const token = getSessionToken();
  const response = await fetch(`${API_BASE}/data-subjects/export`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/zip, application/problem+json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as Problem | null;
    throw new ApiError(
      problem ?? {
        type: 'about:blank',
        title: response.statusText,
        status: response.status,
        code: 'http_error',
      },
    );
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileNameOf(response.headers.get('Content-Disposition')) ?? 'personal-data.zip';
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Runs the export on demand. */
export function useExportDataSubject() {
  return useMutation({ mutationFn: exportDataSubject });
}
