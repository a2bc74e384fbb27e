import { describe, expect, it } from 'vitest';
import { clearReplyDraft, loadReplyDraft, saveReplyDraft } from './reply-draft';

describe('reply drafts', () => {
  it('are kept per ticket in sessionStorage and cleared when empty or sent', () => {
    saveReplyDraft('a', { content: 'Half an answer', isInternal: true });
    saveReplyDraft('b', { content: 'Other ticket', isInternal: false });
    expect(loadReplyDraft('a')).toEqual({ content: 'Half an answer', isInternal: true });
    expect(loadReplyDraft('b')).toEqual({ content: 'Other ticket', isInternal: false });
    saveReplyDraft('a', { content: '', isInternal: true });
    expect(loadReplyDraft('a')).toBeNull();
    clearReplyDraft('b');
    expect(loadReplyDraft('b')).toBeNull();
  });

  it('ignores a malformed entry', () => {
    window.sessionStorage.setItem('docket.replyDraft.c', '{not json');
    expect(loadReplyDraft('c')).toBeNull();
  });
});
