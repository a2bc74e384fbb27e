import 'i18next';
import type { Translation } from './languages/en';

// Translation keys are checked at compile time against the English resources.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translation };
  }
}
