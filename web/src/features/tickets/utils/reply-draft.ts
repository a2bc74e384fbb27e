/**
 * The reply an agent is typing, kept per ticket in `sessionStorage` (this tab only, gone when it
 * closes): reloading the page — e.g. to get the latest version after a 412 conflict — or leaving
 * and coming back does not lose it. Cleared once the response is sent.
 */
export type ReplyDraft = { content: string; isInternal: boolean };

const PREFIX = 'docket.replyDraft.';

export function loadReplyDraft(ticketId: string): ReplyDraft | null {
  try {
    const raw = window.sessionStorage.getItem(PREFIX + ticketId);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (
      value &&
      typeof value === 'object' &&
      'content' in value &&
      typeof value.content === 'string'
    ) {
      return {
        content: value.content,
        isInternal: 'isInternal' in value && value.isInternal === true,
      };
    }
  } catch {
    // storage unavailable or a malformed entry: no draft
  }
  return null;
}

/** Saves the draft; an empty one is removed. */
export function saveReplyDraft(ticketId: string, draft: ReplyDraft): void {
  try {
    if (draft.content === '') window.sessionStorage.removeItem(PREFIX + ticketId);
    else window.sessionStorage.setItem(PREFIX + ticketId, JSON.stringify(draft));
  } catch {
    // storage full or unavailable: the draft lives in the page only
  }
}

export function clearReplyDraft(ticketId: string): void {
  try {
    window.sessionStorage.removeItem(PREFIX + ticketId);
  } catch {
    // nothing to clear
  }
}
