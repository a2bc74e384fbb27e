import type { i18n as I18n } from 'i18next';
import { createI18n, type Language } from '@/i18n';
import { frCA } from '@/i18n/languages/fr-CA';

/**
 * Translations for a test, in `language` (English by default), every language's strings imported
 * up front (the app loads French on demand: `loadI18n`), so a switch of language is immediate.
 */
export function createTestI18n(language: Language = 'en'): I18n {
  return createI18n(language, { 'fr-CA': frCA });
}
