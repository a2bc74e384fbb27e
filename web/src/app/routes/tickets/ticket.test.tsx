import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TicketActivity } from '@docket/server/contract/activity';
import type { TicketResponse } from '@docket/server/contract/responses';
import type { Ticket, UpdateTicketBody } from '@docket/server/contract/tickets';
import { agent, makeResponse, makeTicket, problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson, type RecordedRequest } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { TicketRoute } from './ticket';

// radix-ui Select and Dialog use pointer capture and scrolling that jsdom lacks.
beforeAll(() => {
  Element.prototype.hasPointerCapture ??= () => false;
  Element.prototype.releasePointerCapture ??= () => undefined;
  Element.prototype.scrollIntoView ??= () => undefined;
});

function activityRow(overrides: Partial<TicketActivity>): TicketActivity {
  return {
    id: crypto.randomUUID(),
    ticketId: '',
    type: 'CREATED',
    actor: { type: 'user', id: agent.id, name: agent.name },
    before: null,
    after: null,
    reason: null,
    isInternal: false,
    createdAt: '2026-03-02T09:15:00.000Z',
    ...overrides,
  };
}

/** The API the ticket page talks to, around one ticket; `extra` routes win. */
function ticketApi(
  ticket: Ticket,
  {
    responses = [],
    activity = [],
    extra = {},
  }: {
    responses?: TicketResponse[];
    activity?: TicketActivity[];
    extra?: Record<string, (request: RecordedRequest) => Response | Promise<Response>>;
  } = {},
) {
  return mockFetch({
    [`GET /api/tickets/${ticket.reference}`]: () => json(ticket),
    [`GET /api/tickets/${ticket.id}/responses`]: () => json({ data: responses, nextCursor: null }),
    [`GET /api/tickets/${ticket.id}/activity`]: () => json({ data: activity, nextCursor: null }),
    [`GET /api/tickets/${ticket.id}/rule-runs`]: () => json({ data: [] }),
    [`GET /api/tickets/${ticket.id}/suggested-agents`]: () =>
      json({ requiredSkills: [], data: [] }),
    'GET /api/groups': () => json({ data: [] }),
    'GET /api/tickets': () => json({ data: [ticket], nextCursor: null }),
    'GET /api/users': () =>
      json({
        data: [
          {
            ...agent,
            isActive: true,
            lastLoginAt: null,
            createdAt: ticket.createdAt,
            updatedAt: ticket.createdAt,
          },
        ],
        nextCursor: null,
      }),
    'GET /api/categories': () => json({ data: [] }),
    ...extra,
  });
}

function renderTicketPage(reference: string) {
  return renderWithProviders(<TicketRoute />, {
    path: '/tickets/:ticketId',
    route: `/tickets/${reference}`,
    user: agent,
  });
}

describe('ticket page', () => {
  it('merges replies, internal notes and activity, and shows a posted reply', async () => {
    const ticket = makeTicket({
      number: 42,
      reference: 'TKT-00042',
      subject: 'VPN drops every hour',
      priority: 'URGENT',
      tags: ['vpn', 'network'],
      category: 'Network',
    });
    const responses: TicketResponse[] = [
      makeResponse({
        ticketId: ticket.id,
        content: 'Since Monday.',
        authorType: 'CUSTOMER',
        createdAt: '2026-03-02T10:00:00.000Z',
      }),
      makeResponse({
        ticketId: ticket.id,
        content: 'Known VPN bug.',
        isInternal: true,
        createdAt: '2026-03-02T12:00:00.000Z',
      }),
    ];
    const activity = [
      activityRow({ ticketId: ticket.id, type: 'CREATED' }),
      activityRow({
        ticketId: ticket.id,
        type: 'STATUS_CHANGED',
        before: { status: 'NEW' },
        after: { status: 'OPEN' },
        reason: 'Triaged',
        createdAt: '2026-03-02T11:00:00.000Z',
      }),
      // Shown as the response itself, not as a line of its own.
      activityRow({ ticketId: ticket.id, type: 'RESPONSE_ADDED' }),
    ];
    ticketApi(ticket, {
      responses,
      activity,
      extra: {
        [`POST /api/tickets/${ticket.id}/responses`]: ({ body }) => {
          const created = makeResponse({
            ticketId: ticket.id,
            content: (body as { content: string }).content,
            createdAt: '2026-03-02T13:00:00.000Z',
          });
          responses.push(created);
          return json(created, 201);
        },
      },
    });
    const { user } = renderTicketPage('TKT-00042');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'VPN drops every hour' }),
    ).toBeInTheDocument();
    expect(screen.getByText('TKT-00042')).toBeInTheDocument();

    const items = await screen.findAllByTestId(/^(response|activity)$/);
    expect(items.map((item) => item.dataset.testid)).toEqual([
      'activity',
      'response',
      'activity',
      'response',
    ]);
    expect(items[0]).toHaveTextContent('Alex Agent created the ticket');
    expect(items[2]).toHaveTextContent('Alex Agent changed the status from New to Open');
    expect(items[2]).toHaveTextContent('Reason: Triaged');
    expect(within(items[1]!).queryByText('Internal note')).not.toBeInTheDocument();
    expect(within(items[3]!).getByText('Internal note')).toBeInTheDocument();
    expect(items[3]).toHaveClass('response--internal');

    await user.type(screen.getByLabelText('Reply'), 'A fix ships tonight.');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(screen.getAllByTestId('response')).toHaveLength(3));
    expect(screen.getAllByTestId('response')[2]).toHaveTextContent('A fix ships tonight.');
    expect(screen.getByLabelText('Reply')).toHaveValue('');
  });

  it('says so when the ticket does not exist or may not be seen', async () => {
    mockFetch({
      'GET /api/tickets/TKT-00404': () =>
        problemJson(problem({ status: 404, code: 'not_found', title: 'Not Found' })),
    });
    renderTicketPage('TKT-00404');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This ticket does not exist, or you are not allowed to see it.',
    );
    expect(screen.getByRole('link', { name: 'Back to tickets' })).toBeInTheDocument();
  });

  it('answers r, n, a and s: the reply box in each mode, the assignee and the status', async () => {
    const ticket = makeTicket({ number: 8, reference: 'TKT-00008' });
    ticketApi(ticket);
    const { user } = renderTicketPage('TKT-00008');
    const status = await screen.findByRole('combobox', { name: 'Status' });
    const reply = screen.getByRole('textbox', { name: 'Reply' });

    await user.keyboard('n');
    expect(reply).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Internal note' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // Typing in the box is text, not shortcuts.
    await user.keyboard('sane');
    expect(reply).toHaveValue('sane');
    expect(reply).toHaveFocus();

    reply.blur();
    await user.keyboard('r');
    expect(reply).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Public reply' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    reply.blur();
    await user.keyboard('s');
    expect(status).toHaveFocus();
    await user.keyboard('{Escape}');
    status.blur();
    await user.keyboard('a');
    expect(screen.getByRole('combobox', { name: 'Assignee' })).toHaveFocus();
  });

  it('offers only the statuses the lifecycle allows, and changes the status at once', async () => {
    const ticket = makeTicket({
      number: 7,
      reference: 'TKT-00007',
      status: 'RESOLVED',
      version: 3,
    });
    let patch: { body: unknown; ifMatch: string | null } | null = null;
    let release: () => void = () => undefined;
    ticketApi(ticket, {
      extra: {
        [`PATCH /api/tickets/${ticket.id}`]: async ({ body, headers }) => {
          patch = { body, ifMatch: headers.get('If-Match') };
          await new Promise<void>((resolve) => (release = resolve));
          return json({ ...ticket, status: 'OPEN', version: 4 });
        },
      },
    });
    const { user } = renderTicketPage('TKT-00007');

    const status = await screen.findByRole('combobox', { name: 'Status' });
    expect(status).toHaveTextContent('Resolved');
    await user.click(status);
    const options = await screen.findAllByRole('option');
    // RESOLVED reopens (OPEN, IN_PROGRESS) or closes; never WAITING_ON_CUSTOMER, ON_HOLD, NEW.
    expect(options.map((option) => option.textContent)).toEqual([
      'Resolved',
      'Open',
      'In progress',
      'Closed',
    ]);
    await user.click(screen.getByRole('option', { name: 'Open' }));

    // Optimistic: shown before the server answers.
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Status' })).toHaveTextContent('Open'),
    );
    expect(patch).toEqual({ body: { status: 'OPEN' }, ifMatch: '"3"' });
    release();
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
  });

  it('moves the ticket to a group and says why the server refuses one', async () => {
    const ticket = makeTicket({
      number: 9,
      reference: 'TKT-00009',
      assignee: { id: agent.id, name: agent.name },
      version: 2,
    });
    const tier1 = { id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Tier1' };
    const tier2 = { id: '8b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e', name: 'Tier2' };
    const patches: unknown[] = [];
    ticketApi(ticket, {
      extra: {
        'GET /api/groups': () => json({ data: [tier1, tier2] }),
        [`PATCH /api/tickets/${ticket.id}`]: ({ body }) => {
          patches.push(body);
          return (body as { groupId: string }).groupId === tier2.id
            ? problemJson({
                status: 409,
                title: 'Conflict',
                code: 'assignee_not_in_group',
                detail: 'assignee is not a member of the group',
              })
            : json({ ...ticket, group: tier1, version: 3 });
        },
      },
    });
    const { user } = renderTicketPage('TKT-00009');

    const group = await screen.findByRole('combobox', { name: 'Group' });
    expect(group).toHaveTextContent('No group');
    await user.click(group);
    await user.click(await screen.findByRole('option', { name: 'Tier1' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Group' })).toHaveTextContent('Tier1'),
    );

    await user.click(screen.getByRole('combobox', { name: 'Group' }));
    await user.click(await screen.findByRole('option', { name: 'Tier2' }));
    expect(
      await screen.findByText(
        'The assignee is not a member of that group: assign a member first, or unassign the ticket.',
      ),
    ).toBeInTheDocument();
    expect(patches).toEqual([{ groupId: tier1.id }, { groupId: tier2.id }]);
  });

  it('explains a 412 conflict, rolls the change back, keeps the draft and loads the latest version', async () => {
    const ticket = makeTicket({ number: 8, reference: 'TKT-00008', status: 'OPEN', version: 2 });
    let current: Ticket = ticket;
    const gets = vi.fn();
    ticketApi(ticket, {
      extra: {
        'GET /api/tickets/TKT-00008': () => {
          gets();
          return json(current);
        },
        [`PATCH /api/tickets/${ticket.id}`]: () =>
          problemJson(
            problem({ status: 412, code: 'precondition_failed', title: 'Precondition Failed' }),
          ),
      },
    });
    const { user } = renderTicketPage('TKT-00008');

    await user.type(await screen.findByLabelText('Reply'), 'Half-written answer');
    // Someone else changes the ticket meanwhile.
    current = { ...ticket, status: 'IN_PROGRESS', priority: 'HIGH', version: 3 };

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'On hold' }));

    const notice = await screen.findByTestId('conflict-notice');
    expect(notice).toHaveTextContent('This ticket was changed by someone else');
    expect(notice).toHaveTextContent('The reply you are writing is kept.');
    // Rolled back to what the page knew, and nothing is editable until reloaded.
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveTextContent('Open');
    expect(screen.getByRole('combobox', { name: 'Status' })).toBeDisabled();
    expect(screen.getByLabelText('Reply')).toHaveValue('Half-written answer');

    await user.click(within(notice).getByRole('button', { name: 'Load the latest version' }));
    await waitFor(() => expect(screen.queryByTestId('conflict-notice')).not.toBeInTheDocument());
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveTextContent('In progress');
    expect(screen.getByRole('combobox', { name: 'Status' })).toBeEnabled();
    expect(screen.getByLabelText('Reply')).toHaveValue('Half-written answer');
    expect(gets).toHaveBeenCalledTimes(2);
  });

  it('claims optimistically and rolls back when another agent claimed first', async () => {
    const ticket = makeTicket({ number: 9, reference: 'TKT-00009', status: 'NEW' });
    ticketApi(ticket, {
      extra: {
        [`POST /api/tickets/${ticket.id}/claim`]: () =>
          problemJson(problem({ status: 409, code: 'already_claimed', title: 'Conflict' })),
      },
    });
    const { user } = renderTicketPage('TKT-00009');

    await user.click(await screen.findByRole('button', { name: 'Claim' }));
    expect(await screen.findByText('Another agent claimed this ticket first.')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Assignee' })).toHaveTextContent('Unassigned');
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveTextContent('New');
    expect(screen.getByRole('button', { name: 'Claim' })).toBeEnabled();
  });

  it('asks for a reason before closing, and sends it', async () => {
    const ticket = makeTicket({ number: 10, reference: 'TKT-00010', status: 'OPEN', version: 5 });
    let sent: UpdateTicketBody | null = null;
    ticketApi(ticket, {
      extra: {
        [`PATCH /api/tickets/${ticket.id}`]: ({ body }) => {
          sent = body as UpdateTicketBody;
          return json({ ...ticket, status: 'CLOSED', version: 6 });
        },
      },
    });
    const { user } = renderTicketPage('TKT-00010');

    await user.click(await screen.findByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Closed' }));
    const dialog = await screen.findByRole('dialog', { name: 'Close this ticket?' });
    await user.click(within(dialog).getByRole('button', { name: 'Close ticket' }));
    expect(within(dialog).getByLabelText(/Reason for closing/)).toHaveAccessibleDescription(
      expect.stringContaining('This field is required.'),
    );
    expect(sent).toBeNull();

    await user.type(within(dialog).getByLabelText(/Reason for closing/), 'Duplicate of TKT-00003');
    await user.click(within(dialog).getByRole('button', { name: 'Close ticket' }));
    await waitFor(() =>
      expect(sent).toEqual({ status: 'CLOSED', reason: 'Duplicate of TKT-00003' }),
    );
    expect(await screen.findByText(/Closed tickets are final/)).toBeInTheDocument();
  });
});
