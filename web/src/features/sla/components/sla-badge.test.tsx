import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/test-utils';
import { SlaBadge } from './sla-badge';
import { SLA_NOW, slaAt, makeSlaTarget, makeTicketSla } from '@/testing/sla-fixtures';

const NOW = SLA_NOW;
const at = slaAt;

const target = makeSlaTarget;

const sla = makeTicketSla;

const resolutionSla = sla({
  nextMetric: 'resolution',
  nextDueAt: at(2 * 1440 + 180),
  targets: [
    target({ state: 'fulfilled', dueAt: null, fulfilledAt: at(-30) }),
    target({ metric: 'resolution', dueAt: at(2 * 1440 + 180), warnAt: at(2 * 1440) }),
  ],
});
const atRiskSla = sla({
  state: 'at_risk',
  nextDueAt: at(20),
  targets: [target({ dueAt: at(20), warnAt: at(-10) })],
});
const breachedSla = sla({
  state: 'breached',
  nextDueAt: at(-180),
  targets: [target({ state: 'breached', dueAt: at(-180), breachedAt: at(-180) })],
});

function badge(container: HTMLElement): HTMLElement | null {
  return container.querySelector<HTMLElement>('.badge--sla');
}

describe('SlaBadge', () => {
  it('says when a reply is due, neutral while on track', () => {
    const { container } = renderWithProviders(<SlaBadge sla={sla()} now={NOW} />);
    expect(badge(container)).toHaveTextContent('Reply due in 1 h 20 min');
    expect(badge(container)).toHaveClass('badge--tone-neutral', 'badge--sla-on-track');
  });

  it('says when the ticket must be resolved', () => {
    const { container } = renderWithProviders(<SlaBadge sla={resolutionSla} now={NOW} />);
    expect(badge(container)).toHaveTextContent('Resolve in 2 d 3 h');
  });

  it('is amber and says "At risk" in words past the warning time', () => {
    const { container } = renderWithProviders(<SlaBadge sla={atRiskSla} now={NOW} />);
    expect(badge(container)).toHaveTextContent('At risk Reply due in 20 min');
    expect(badge(container)).toHaveClass('badge--tone-warning', 'badge--sla-at-risk');
  });

  it('is red and says how long it is overdue once breached', () => {
    const { container } = renderWithProviders(<SlaBadge sla={breachedSla} now={NOW} />);
    expect(badge(container)).toHaveTextContent(/^Overdue 3 h$/);
    expect(badge(container)).toHaveClass('badge--tone-danger', 'badge--sla-breached');
    expect(badge(container)).toHaveAttribute('data-sla-state', 'breached');
  });

  it('says the SLA is paused', () => {
    const { container } = renderWithProviders(
      <SlaBadge
        sla={sla({
          state: 'paused',
          nextDueAt: null,
          targets: [target({ state: 'paused', dueAt: null })],
        })}
        now={NOW}
      />,
    );
    expect(badge(container)).toHaveTextContent('SLA paused');
    expect(badge(container)).toHaveClass('badge--tone-neutral');
  });

  it('shows nothing when every target is met or no policy applies', () => {
    const met = renderWithProviders(
      <SlaBadge
        sla={sla({ state: 'met', nextDueAt: null, nextMetric: null, targets: [] })}
        now={NOW}
      />,
    );
    expect(badge(met.container)).toBeNull();
    met.unmount();
    const none = renderWithProviders(<SlaBadge sla={null} now={NOW} />);
    expect(badge(none.container)).toBeNull();
  });

  it('never takes the solid CRITICAL look: tinted danger, the smaller SLA size', () => {
    const { container } = renderWithProviders(<SlaBadge sla={breachedSla} now={NOW} />);
    expect(badge(container)).not.toHaveClass('badge--tone-critical');
    expect(badge(container)).not.toHaveClass('badge--priority-critical');
    expect(badge(container)).toHaveClass('badge--sla');
  });

  it('speaks Canadian French', () => {
    const { container, unmount } = renderWithProviders(<SlaBadge sla={sla()} now={NOW} />, {
      language: 'fr-CA',
    });
    expect(badge(container)).toHaveTextContent('Réponse attendue dans 1 h 20 min');
    unmount();
    const late = renderWithProviders(<SlaBadge sla={breachedSla} now={NOW} />, {
      language: 'fr-CA',
    });
    expect(badge(late.container)).toHaveTextContent('En retard de 3 h');
    late.unmount();
    const paused = renderWithProviders(
      <SlaBadge sla={sla({ state: 'paused', nextDueAt: null })} now={NOW} />,
      { language: 'fr-CA' },
    );
    expect(screen.getByText('SLA en pause')).toBeInTheDocument();
    paused.unmount();
    renderWithProviders(<SlaBadge sla={atRiskSla} now={NOW} />, { language: 'fr-CA' });
    expect(screen.getByText(/À risque/)).toBeInTheDocument();
  });
});
