/**
 * Multipart uploads with progress ("progress bars for uploads"). `fetch` cannot report
 * upload progress, so this one request type goes through XMLHttpRequest, with the same bearer
 * token, the same problem+json errors (`ApiError`) and the same sign-out on 401 as the API client.
 */
import { API_BASE, ApiError, parseRetryAfter } from '@/lib/api-client';
import { clearSession, getSessionToken } from '@/lib/session';

/** Upload progress: bytes sent of the request body's total. */
export type UploadProgress = { loaded: number; total: number };

export type UploadFormOptions = {
  /** Called as the body goes out. */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** false for the public tracker's routes (no session; the link's token is the credential). */
  authenticated?: boolean;
};

/**
 * POSTs `form` (multipart/form-data: fields and files) to `path` under /api and resolves with the
 * JSON answer. @throws ApiError built from the answer's problem (with `retryAfterSeconds` from a
 * 429's Retry-After; a network_error with status 0 when nothing came back), or an AbortError
 * when `signal` aborts.
 */
export function postForm<T>(
  path: string,
  form: FormData,
  options: UploadFormOptions = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}${path}`);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    const token = options.authenticated === false ? null : getSessionToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable)
        options.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      if (xhr.status === 401 && token) clearSession();
      const problem =
        body && typeof body === 'object' && 'status' in body && 'title' in body
          ? (body as ConstructorParameters<typeof ApiError>[0])
          : {
              type: 'about:blank',
              title: xhr.statusText || `HTTP ${xhr.status}`,
              status: xhr.status,
              code: 'http_error',
            };
      // A 429's Retry-After drives the same countdown as the API client's (RFC 9110 §10.2.3).
      reject(
        new ApiError(
          { ...problem, code: problem.code ?? 'http_error' },
          { retryAfterSeconds: parseRetryAfter(xhr.getResponseHeader('Retry-After')) },
        ),
      );
    };
    xhr.onerror = () =>
      reject(
        new ApiError({
          type: 'about:blank',
          title: 'Network error',
          status: 0,
          code: 'network_error',
        }),
      );
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/**
 * A FormData of `fields` (strings as they are; booleans, numbers, arrays and objects as JSON
 * text, as the server reads them) and `files` (one `files` part each). Undefined fields are left out.
 */
export function toFormData(fields: Record<string, unknown>, files: readonly File[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  for (const file of files) form.append('files', file, file.name);
  return form;
}
