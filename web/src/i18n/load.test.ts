import { describe, expect, it } from 'vitest';
import { changeLanguage, createI18n, loadI18n } from '.';

describe('loading a language’s strings on demand', () => {
  it('translates in English at once, without loading French', () => {
    const i18n = createI18n('en');
    expect(i18n.t('common.loading')).toBe('Loading…');
    expect(i18n.hasResourceBundle('fr-CA', 'translation')).toBe(false);
  });

  it('loads French before the first render, English kept as its fallback', async () => {
    const i18n = await loadI18n('fr-CA');
    expect(i18n.language).toBe('fr-CA');
    expect(i18n.t('common.loading')).toBe('Chargement…');
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(true);
    // A key French lacked would read in English (i18next's fallbackLng).
    i18n.addResource('en', 'translation', 'onlyInEnglish', 'Only in English');
    expect(i18n.t('onlyInEnglish' as never)).toBe('Only in English');
  });

  it('loads French when a person switches to it, and switches back', async () => {
    const i18n = createI18n('en');
    await changeLanguage(i18n, 'fr-CA');
    expect(i18n.resolvedLanguage).toBe('fr-CA');
    expect(i18n.t('common.loading')).toBe('Chargement…');
    await changeLanguage(i18n, 'en');
    expect(i18n.t('common.loading')).toBe('Loading…');
  });
});
