import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SuggestedAgent, SuggestedAgentList } from '@docket/server/contract/groups';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { SuggestedAgents } from './suggested-agents';

const TICKET = '00000000-0000-4000-8000-0000000000f1';
const group = { id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Tier1' };

function suggestion(overrides: Partial<SuggestedAgent>): SuggestedAgent {
  return {
    agent: { id: agent.id, name: agent.name },
    group,
    availability: 'available',
    matchedSkills: [],
    missingSkills: [],
    openTickets: 0,
    capacity: null,
    eligible: true,
    reason: '',
    ...overrides,
  };
}

const answer: SuggestedAgentList = {
  requiredSkills: ['anxiety', 'lang:fr'],
  data: [
    suggestion({
      agent: { id: '00000000-0000-4000-8000-00000000a002', name: 'Bea Bilingual' },
      matchedSkills: ['anxiety', 'lang:fr'],
      openTickets: 2,
      capacity: 5,
      reason: 'skills anxiety, lang:fr; 2 open tickets',
    }),
    suggestion({
      agent: { id: '00000000-0000-4000-8000-00000000a003', name: 'Cam Away' },
      availability: 'away',
      matchedSkills: ['anxiety', 'lang:fr'],
      openTickets: 1,
      eligible: false,
      reason: 'away',
    }),
    suggestion({
      agent: { id: '00000000-0000-4000-8000-00000000a004', name: 'Dee Full' },
      matchedSkills: ['anxiety'],
      missingSkills: ['lang:fr'],
      openTickets: 3,
      capacity: 3,
      eligible: false,
      reason: 'at capacity; lacks lang:fr',
    }),
    suggestion({
      agent: { id: '00000000-0000-4000-8000-00000000a005', name: 'Eve Other' },
      openTickets: 1,
      eligible: false,
      reason: 'inactive',
    }),
  ],
};

describe('SuggestedAgents', () => {
  it('says why each agent is suggested, in words built from the answer', async () => {
    mockFetch({ [`GET /api/tickets/${TICKET}/suggested-agents`]: () => json(answer) });
    renderWithProviders(<SuggestedAgents ticketId={TICKET} version={3} assigneeId={null} />, {
      user: agent,
    });
    expect(await screen.findByText('Required skills: anxiety, lang:fr')).toBeInTheDocument();
    const bea = screen.getByRole('listitem', { name: 'Bea Bilingual' });
    expect(bea).toHaveTextContent('Group: Tier1');
    expect(bea).toHaveTextContent('Has skills anxiety, lang:fr · 2 of 5 open tickets');
    const cam = screen.getByRole('listitem', { name: 'Cam Away' });
    expect(cam).toHaveTextContent('Away · Has skills anxiety, lang:fr · 1 open ticket');
    const dee = screen.getByRole('listitem', { name: 'Dee Full' });
    expect(dee).toHaveTextContent(
      'Has skills anxiety · Lacks skills lang:fr · At capacity: 3 of 3 open tickets',
    );
    // Not eligible for a cause the fields do not show: the server's own words are added.
    expect(screen.getByRole('listitem', { name: 'Eve Other' })).toHaveTextContent(
      '1 open ticket · inactive',
    );
    // Only agents routing could give the ticket to get "Assign".
    expect(within(bea).getByRole('button', { name: 'Assign to Bea Bilingual' })).toBeEnabled();
    expect(within(cam).queryByRole('button')).toBeNull();
    expect(within(dee).queryByRole('button')).toBeNull();
  });

  it('assigns an eligible agent with PATCH {assigneeId} and If-Match', async () => {
    const { requests } = mockFetch({
      [`GET /api/tickets/${TICKET}/suggested-agents`]: () => json(answer),
      [`PATCH /api/tickets/${TICKET}`]: () => json({ id: TICKET, version: 4 }),
    });
    const { user } = renderWithProviders(
      <SuggestedAgents ticketId={TICKET} version={3} assigneeId={null} />,
      { user: agent },
    );
    await user.click(await screen.findByRole('button', { name: 'Assign to Bea Bilingual' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ assigneeId: '00000000-0000-4000-8000-00000000a002' });
    expect(patch?.headers.get('If-Match')).toBe('"3"');
    expect(await screen.findByText('Assigned to Bea Bilingual.')).toBeInTheDocument();
  });

  it('shows the server’s refusal when the agent is not in the ticket’s group', async () => {
    mockFetch({
      [`GET /api/tickets/${TICKET}/suggested-agents`]: () => json(answer),
      [`PATCH /api/tickets/${TICKET}`]: () =>
        problemJson({
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          code: 'assignee_not_in_group',
          detail: 'The assignee is not a member of the ticket’s group.',
        }),
    });
    const { user } = renderWithProviders(
      <SuggestedAgents ticketId={TICKET} version={3} assigneeId={null} />,
      { user: agent },
    );
    await user.click(await screen.findByRole('button', { name: 'Assign to Bea Bilingual' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The assignee is not a member of the ticket’s group.',
    );
  });
});
