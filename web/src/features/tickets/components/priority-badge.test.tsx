import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TICKET_PRIORITIES } from '@docket/server/contract/domain';
import { renderWithProviders } from '@/testing/test-utils';
import { PriorityBadge } from './priority-badge';
import { StatusBadge } from './status-badge';

function badgeOf(text: string): HTMLElement {
  const label = screen.getByText(text);
  const badge = label.closest<HTMLElement>('.badge');
  if (!badge) throw new Error(`no badge around "${text}"`);
  return badge;
}

describe('PriorityBadge', () => {
  it('marks CRITICAL with an icon and its name, not by colour alone', () => {
    renderWithProviders(<PriorityBadge priority="CRITICAL" />);
    const badge = badgeOf('Critical');
    expect(badge).toHaveTextContent('Critical');
    const icon = badge.querySelector('svg');
    expect(icon).not.toBeNull();
    // The icon is decoration; the word carries the meaning for screen readers.
    expect(icon).toHaveAttribute('aria-hidden', 'true');
    expect(badge).toHaveClass('badge--priority-critical');
  });

  it('marks URGENT with an icon and its name too', () => {
    renderWithProviders(<PriorityBadge priority="URGENT" />);
    const badge = badgeOf('Urgent');
    expect(badge.querySelector('svg')).not.toBeNull();
    expect(badge).toHaveClass('badge--priority-urgent');
  });

  it.each(['LOW', 'MEDIUM', 'HIGH'] as const)('shows %s calmly: a name and no icon', (priority) => {
    renderWithProviders(<PriorityBadge priority={priority} />);
    const badge = document.querySelector<HTMLElement>(`[data-priority="${priority}"]`);
    expect(badge).not.toBeNull();
    expect(badge?.querySelector('svg')).toBeNull();
    expect(badge?.textContent?.trim()).not.toBe('');
  });

  it('names every priority in French', () => {
    renderWithProviders(
      <>
        {TICKET_PRIORITIES.map((priority) => (
          <PriorityBadge key={priority} priority={priority} />
        ))}
      </>,
      { language: 'fr-CA' },
    );
    for (const name of ['Basse', 'Moyenne', 'Haute', 'Urgente', 'Critique']) {
      expect(screen.getByText(name)).toBeInTheDocument();
    }
  });
});

describe('StatusBadge', () => {
  it('names the status in words', () => {
    renderWithProviders(<StatusBadge status="WAITING_ON_CUSTOMER" />);
    expect(screen.getByText('Waiting on customer')).toHaveClass(
      'badge--status-waiting-on-customer',
    );
  });
});
