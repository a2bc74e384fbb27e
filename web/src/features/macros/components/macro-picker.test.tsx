import { screen, waitFor, within } from '@testing-library/react';
import { useRef, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Macro, MacroPreview } from '@docket/server/contract/macros';
import { agent, makeTicket } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { MacroPicker } from './macro-picker';

const ticket = makeTicket({ status: 'NEW', version: 3 });

function macro(overrides: Partial<Macro>): Macro {
  return {
    id: '5d1e2f30-4a5b-4c6d-8e7f-8091a2b3c4d5',
    name: 'Close as solved',
    shared: true,
    owner: { id: agent.id, name: agent.name },
    actions: [{ type: 'set_status', value: 'RESOLVED' }],
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

const solved = macro({
  actions: [
    { type: 'reply', content: 'Hi {{requester.firstName}}, fixed.', isInternal: false },
    { type: 'set_status', value: 'RESOLVED' },
  ],
});
const escalate = macro({
  id: '6e2f3041-5b6c-4d7e-8f80-91a2b3c4d5e6',
  name: 'Escalate to tier 2',
  shared: false,
  actions: [{ type: 'set_priority', value: 'URGENT' }],
});
const waiting = macro({
  id: '7f304152-6c7d-4e8f-8091-a2b3c4d5e6f7',
  name: 'Ask for logs',
  actions: [{ type: 'set_status', value: 'WAITING_ON_CUSTOMER' }],
});

const escalatePreview: MacroPreview = {
  macro: { id: escalate.id, name: escalate.name },
  changes: {
    priority: { before: 'MEDIUM', after: 'URGENT' },
    tags: { before: ['printer'], after: ['printer', 'tier-2'] },
  },
  reply: null,
};

const solvedPreview: MacroPreview = {
  macro: { id: solved.id, name: solved.name },
  changes: { status: { before: 'NEW', after: 'RESOLVED' } },
  reply: { content: 'Hi Casey, fixed.', isInternal: false },
};

const base = `/api/tickets/${ticket.id}/macros`;

/** The reply box and the picker, as the ticket page wires them into the composer. */
function Composer({ initial = '', onConflict }: { initial?: string; onConflict?: () => void }) {
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [content, setContent] = useState(initial);
  return (
    <>
      <label>
        Reply
        <textarea
          ref={textareaRef}
          value={content}
          onChange={(event) => setContent(event.target.value)}
        />
      </label>
      <MacroPicker
        ticketId={ticket.id}
        detailId={ticket.reference}
        version={ticket.version}
        textareaRef={textareaRef}
        content={content}
        onContentChange={setContent}
        onConflict={onConflict}
      />
    </>
  );
}

function routes(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/macros': () => json({ data: [solved, escalate, waiting] }),
    [`POST ${base}/${solved.id}/preview`]: () => json(solvedPreview),
    [`POST ${base}/${escalate.id}/preview`]: () => json(escalatePreview),
    ...extra,
  });
}

describe('MacroPicker', () => {
  it('opens on "/" typed in the empty reply box and gives focus back on Escape', async () => {
    routes();
    const { user } = renderWithProviders(<Composer />, { user: agent });
    const box = screen.getByRole('textbox', { name: 'Reply' });
    await user.click(box);
    await user.keyboard('/');

    const dialog = await screen.findByRole('dialog', { name: 'Apply a macro' });
    expect(box).toHaveValue('/');
    const search = within(dialog).getByRole('combobox', { name: 'Search macros' });
    await waitFor(() => expect(search).toHaveFocus());
    expect(await within(dialog).findAllByRole('option')).toHaveLength(3);

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(box).toHaveFocus());
    expect(box).toHaveValue('/');
  });

  it('does not open on "/" when the box has text, but opens on Ctrl+K', async () => {
    routes();
    const { user } = renderWithProviders(<Composer initial="Hello" />, { user: agent });
    const box = screen.getByRole('textbox', { name: 'Reply' });
    await user.click(box);
    await user.keyboard('/');
    expect(box).toHaveValue('Hello/');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.keyboard('{Control>}k{/Control}');
    expect(await screen.findByRole('dialog', { name: 'Apply a macro' })).toBeInTheDocument();
    expect(box).toHaveValue('Hello/');
  });

  it('filters by what is typed, moves with the arrow keys and previews on Enter', async () => {
    const { requests } = routes();
    const { user } = renderWithProviders(<Composer />, { user: agent });
    await user.click(screen.getByRole('textbox', { name: 'Reply' }));
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Apply a macro' });
    expect(await within(dialog).findAllByRole('option')).toHaveLength(3);

    await user.keyboard('so');
    // "so": Close as solved only; "s lo": Close as solved and Ask for logs (every word matches).
    expect(within(dialog).getAllByRole('option')).toHaveLength(1);
    await user.keyboard('{Backspace}{Backspace}s lo');
    const options = within(dialog).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual([
      'Close as solved Shared',
      'Ask for logs Shared',
    ]);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');

    await user.clear(within(dialog).getByRole('combobox'));
    await user.type(within(dialog).getByRole('combobox'), 'tier');
    expect(within(dialog).getAllByRole('option')).toHaveLength(1);
    await user.clear(within(dialog).getByRole('combobox'));
    await user.keyboard('{ArrowDown}');
    expect(within(dialog).getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');

    const preview = await screen.findByRole('dialog', { name: 'Preview of “Escalate to tier 2”' });
    expect(await within(preview).findByText('Priority: Medium → Urgent')).toBeInTheDocument();
    expect(within(preview).getByText('Tags: printer → printer, tier-2')).toBeInTheDocument();
    const sent = requests.find((r) => r.url.pathname.endsWith('/preview'));
    expect(sent?.method).toBe('POST');
    expect(sent?.url.pathname).toBe(`${base}/${escalate.id}/preview`);
    expect(requests.some((r) => r.url.pathname.endsWith('/apply'))).toBe(false);
  });

  it('applies with If-Match and the ticket version, then clears the lone "/"', async () => {
    const { requests } = routes({
      [`POST ${base}/${solved.id}/apply`]: () =>
        new Response(JSON.stringify({ ...ticket, status: 'RESOLVED', version: 4 }), {
          status: 200,
          headers: { 'Content-Type': 'application/json', ETag: '"4"' },
        }),
    });
    const { user } = renderWithProviders(<Composer />, { user: agent });
    const box = screen.getByRole('textbox', { name: 'Reply' });
    await user.click(box);
    await user.keyboard('/');
    const dialog = await screen.findByRole('dialog', { name: 'Apply a macro' });
    await within(dialog).findAllByRole('option');
    await user.keyboard('{Enter}');

    const preview = await screen.findByRole('dialog', { name: 'Preview of “Close as solved”' });
    expect(await within(preview).findByText('Status: New → Resolved')).toBeInTheDocument();
    expect(within(preview).getByText('Hi Casey, fixed.')).toBeInTheDocument();
    await user.click(within(preview).getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const applied = requests.find((r) => r.url.pathname.endsWith('/apply'));
    expect(applied?.method).toBe('POST');
    expect(applied?.url.pathname).toBe(`${base}/${solved.id}/apply`);
    expect(applied?.headers.get('If-Match')).toBe('"3"');
    expect(box).toHaveValue('');
    expect(await screen.findByText('Macro “Close as solved” applied.')).toBeInTheDocument();
  });

  it('explains a stale version (412) and keeps the draft', async () => {
    routes({
      [`POST ${base}/${solved.id}/apply`]: () =>
        problemJson({
          type: 'https://docket.dev/problems/precondition-failed',
          title: 'Precondition failed',
          status: 412,
          code: 'precondition_failed',
        }),
    });
    const onConflict = vi.fn();
    const { user } = renderWithProviders(
      <Composer initial="My half-written answer" onConflict={onConflict} />,
      { user: agent },
    );
    const box = screen.getByRole('textbox', { name: 'Reply' });
    await user.click(box);
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Apply a macro' });
    await within(dialog).findAllByRole('option');
    await user.keyboard('{Enter}');
    const preview = await screen.findByRole('dialog', { name: 'Preview of “Close as solved”' });
    await within(preview).findByText('Status: New → Resolved');
    await user.click(within(preview).getByRole('button', { name: 'Apply' }));

    expect(
      await within(preview).findByText('This ticket was changed by someone else'),
    ).toBeInTheDocument();
    expect(onConflict).toHaveBeenCalledTimes(1);
    expect(within(preview).getByRole('button', { name: 'Apply' })).toBeDisabled();
    expect(box).toHaveValue('My half-written answer');
  });
});
