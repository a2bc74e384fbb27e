import { describe, expect, it } from 'vitest';
import { canRecordNotes, toNotesBody } from './session-occurrences';

describe('session occurrences', () => {
  it('offers notes once the occurrence has started, not before', () => {
    const now = new Date('2026-12-04T10:00:00Z');
    expect(canRecordNotes({ scheduledAt: '2026-12-04T09:59:00Z' }, now)).toBe(true);
    expect(canRecordNotes({ scheduledAt: '2026-12-04T10:00:00Z' }, now)).toBe(true);
    expect(canRecordNotes({ scheduledAt: '2026-12-04T10:01:00Z' }, now)).toBe(false);
  });

  it('sends the outcome with the notes, blank notes as null, and refuses over 10,000 characters', () => {
    expect(toNotesBody('held', 'Went well')).toEqual({
      body: { outcome: 'held', notes: 'Went well' },
    });
    expect(toNotesBody('no_show', '   ')).toEqual({ body: { outcome: 'no_show', notes: null } });
    expect(toNotesBody('held', 'x'.repeat(10_001))).toEqual({ error: 'notesTooLong' });
  });
});
