import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setSession } from '@/lib/session';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { applyPresenceNotice } from '../utils/apply-notice';
import { hasDraftText, PresenceReporter } from './use-report-presence';
import { TicketPresence } from './ticket-presence';

const ticketId = '3d6f1c2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f';
const alice = {
  userId: '5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f',
  name: 'Alice Agent',
  state: 'replying' as const,
  since: '2026-11-21T09:00:00.000Z',
  expiresAt: '2026-11-21T09:00:40.000Z',
};

describe('TicketPresence', () => {
  it('says who is replying and who is viewing, in words', async () => {
    mockFetch({
      [`GET /api/tickets/${ticketId}/presence`]: () =>
        json({ data: [alice, { ...alice, userId: 'b', name: 'Bob Admin', state: 'viewing' }] }),
    });
    renderWithProviders(<TicketPresence ticketId={ticketId} />);
    expect(await screen.findByText('Alice Agent is replying')).toBeInTheDocument();
    expect(screen.getByText('Bob Admin is viewing')).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Others on this ticket' })).toBeInTheDocument();
  });

  it('follows presence notices without asking the server again', async () => {
    const { requests } = mockFetch({
      [`GET /api/tickets/${ticketId}/presence`]: () => json({ data: [alice] }),
    });
    const { queryClient } = renderWithProviders(<TicketPresence ticketId={ticketId} />);
    await screen.findByText('Alice Agent is replying');
    act(() =>
      applyPresenceNotice(
        queryClient,
        {
          type: 'presence',
          organizationId: '11111111-1111-4111-8111-111111111111',
          ticketId,
          userId: alice.userId,
          name: alice.name,
          state: null,
          at: '2026-11-21T09:00:30.000Z',
          expiresAt: null,
        },
        undefined,
      ),
    );
    await waitFor(() =>
      expect(screen.queryByText('Alice Agent is replying')).not.toBeInTheDocument(),
    );
    expect(requests).toHaveLength(1);
  });

  it('speaks French', async () => {
    mockFetch({
      [`GET /api/tickets/${ticketId}/presence`]: () => json({ data: [alice] }),
    });
    renderWithProviders(<TicketPresence ticketId={ticketId} />, { language: 'fr-CA' });
    expect(await screen.findByText('Alice Agent rédige une réponse')).toBeInTheDocument();
  });
});

describe('PresenceReporter', () => {
  it('reports viewing, then replying once the composer has text', async () => {
    setSession('test-token', 3600);
    const { requests } = mockFetch({
      [`PUT /api/tickets/${ticketId}/presence`]: () => json({ data: [] }),
      [`DELETE /api/tickets/${ticketId}/presence`]: () => new Response(null, { status: 204 }),
    });
    const { user, unmount } = renderWithProviders(
      <PresenceReporter ticketId={ticketId}>
        <label>
          Reply
          <textarea />
        </label>
      </PresenceReporter>,
    );
    await user.type(screen.getByLabelText('Reply'), 'On it');
    const puts = requests.filter((r) => r.method === 'PUT').map((r) => r.body);
    expect(puts[0]).toEqual({ state: 'viewing' });
    expect(puts.at(-1)).toEqual({ state: 'replying' });
    unmount();
    expect(requests.at(-1)?.method).toBe('DELETE');
    expect(requests.at(-1)?.headers.get('Authorization')).toBe('Bearer test-token');
  });

  it('sees a draft only when a text field has more than spaces', () => {
    const box = document.createElement('div');
    box.innerHTML = '<textarea></textarea>';
    expect(hasDraftText(box)).toBe(false);
    box.querySelector('textarea')!.value = '  ';
    expect(hasDraftText(box)).toBe(false);
    box.querySelector('textarea')!.value = 'Hello';
    expect(hasDraftText(box)).toBe(true);
    expect(hasDraftText(null)).toBe(false);
  });
});
