import { describe, expect, it } from 'vitest';
import { createTestI18n } from '@/testing/i18n';
import { buildShareMessage, shareLanguage } from './share-message';

const ticket = {
  reference: 'TKT-00042',
  subject: 'Parcel never arrived',
  status: 'WAITING_ON_CUSTOMER' as const,
  priority: 'HIGH' as const,
  category: null,
  requester: { name: 'Casey Customer' },
};
const url = 'https://help.example.test/t/abc.def';

describe('share with customer message', () => {
  it("is written in the requester's language, whatever the agent's", () => {
    // The agent works in English; the requester reads French.
    const i18n = createTestI18n('en');
    const french = buildShareMessage(i18n.getFixedT('fr-CA'), ticket, url);
    expect(french).toContain('Bonjour Casey Customer');
    expect(french).toContain('Billet : TKT-00042 — Parcel never arrived');
    expect(french).toContain('Statut : En attente du client');
    expect(french).toContain('Priorité : Haute');
    expect(french).toContain('Catégorie : Aucune');
    expect(french.endsWith(url)).toBe(true);

    const english = buildShareMessage(i18n.getFixedT('en'), ticket, url);
    expect(english).toContain('Ticket: TKT-00042 — Parcel never arrived');
    expect(english).toContain('Status: Waiting on customer');
    expect(english).toContain('Priority: High');
    expect(english).toContain('Category: None');
    expect(english).toContain(url);
  });

  it('maps locales to a supported language', () => {
    expect(shareLanguage('fr-CA')).toBe('fr-CA');
    expect(shareLanguage('fr')).toBe('fr-CA');
    expect(shareLanguage('fr-FR')).toBe('fr-CA');
    expect(shareLanguage('en')).toBe('en');
    expect(shareLanguage('de')).toBe('en');
    expect(shareLanguage(null)).toBe('en');
  });
});
