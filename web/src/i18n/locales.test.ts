import { describe, expect, it } from 'vitest';
import { en } from './languages/en';
import { frCA } from './languages/fr-CA';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keysOf(child, prefix ? `${prefix}.${key}` : key),
  );
}

describe('translations', () => {
  it('has every English key in French (Canada), and no other', () => {
    expect(keysOf(frCA).sort()).toEqual(keysOf(en).sort());
  });

  it('has no empty text', () => {
    for (const resources of [en, frCA]) {
      const empty = keysOf(resources).filter((key) => {
        const text = key
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], resources);
        return typeof text !== 'string' || text.trim() === '';
      });
      expect(empty).toEqual([]);
    }
  });
});
