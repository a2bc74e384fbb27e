import { describe, expect, it } from 'vitest';
import { EXCERPT_MAX_LENGTH, excerptOf, findMentions } from './mentions.js';

const staff = [
  { id: 'a', name: 'Alex A' },
  { id: 'b', name: 'Alex Anderson' },
  { id: 'c', name: 'Zoé Tremblay' },
  { id: 'd', name: '  ' },
];

describe('findMentions', () => {
  it('matches full names case-insensitively, the longest first, each person once', () => {
    expect(
      findMentions('@alex anderson and @Alex A, then @ALEX A again; @zoé tremblay.', staff),
    ).toEqual([
      { userId: 'b', index: 0 },
      { userId: 'a', index: 19 },
      { userId: 'c', index: 48 },
    ]);
  });

  it('needs whole words: no email addresses, no longer names', () => {
    expect(findMentions('mail bob@Alex A about it', staff)).toEqual([]);
    expect(findMentions('@Alex Ab is someone else', staff)).toEqual([]);
    expect(findMentions('@Alex', staff)).toEqual([]);
    expect(findMentions('@', staff)).toEqual([]);
    expect(findMentions('(@Alex A)', staff)).toEqual([{ userId: 'a', index: 1 }]);
  });
});

describe('excerptOf', () => {
  it('keeps the line of the mention, whitespace collapsed, bounded', () => {
    const text = 'First line\nPlease   look, @Alex A\tthanks\nLast';
    expect(excerptOf(text, text.indexOf('@'))).toBe('Please look, @Alex A thanks');
    expect(excerptOf('  \n ')).toBeNull();
    const long = excerptOf('x'.repeat(500))!;
    expect(long).toHaveLength(EXCERPT_MAX_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });
});
