import { describe, expect, it } from 'vitest';
import { insertMention, matchPeople, mentionQueryAt } from './mention-query';

describe('mention autocomplete helpers', () => {
  it('finds the mention being typed at the caret', () => {
    expect(mentionQueryAt('Hi @ali', 7)).toEqual({ start: 3, query: 'ali' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('mail bob@ali', 12)).toBeNull();
    expect(mentionQueryAt('@ali\nnext', 9)).toBeNull();
    expect(mentionQueryAt('no mention', 10)).toBeNull();
  });

  it('matches names by their start or a word’s start, case-insensitively', () => {
    const people = [{ name: 'Alice Agent' }, { name: 'Bob Alvarez' }, { name: 'Carl' }];
    expect(matchPeople(people, 'al').map((p) => p.name)).toEqual(['Alice Agent', 'Bob Alvarez']);
    expect(matchPeople(people, '').length).toBe(3);
    expect(matchPeople(people, 'zed')).toEqual([]);
  });

  it('inserts "@Full Name " and puts the caret after it', () => {
    const text = 'Hi @ali how are you';
    expect(insertMention(text, { start: 3, query: 'ali' }, 7, 'Alice Agent')).toEqual({
      text: 'Hi @Alice Agent how are you',
      caret: 16,
    });
  });
});
