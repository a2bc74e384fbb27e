import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeResponse, problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson, type RecordedRequest } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { ReplyComposer } from './reply-composer';

const TICKET_ID = '11111111-1111-4111-8111-111111111111';
const RESPONSES = `/api/tickets/${TICKET_ID}/responses`;

/** GET /api/me for a staff composer (the signature), `signature` null by default. */
const me = (signature: string | null = null) => ({
  'GET /api/me': () =>
    json({
      id: '22222222-2222-4222-8222-222222222222',
      name: 'Alex Agent',
      email: 'agent@acme.test',
      role: 'AGENT',
      locale: 'en',
      timeZone: 'UTC',
      signature,
      theme: 'system',
    }),
});
const posts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'POST');

describe('ReplyComposer', () => {
  it('offers no internal-note choice to customers and posts public replies', async () => {
    const { requests } = mockFetch({
      [`POST ${RESPONSES}`]: () => json(makeResponse({ content: 'Any news?' }), 201),
    });
    const { user } = renderWithProviders(
      <ReplyComposer ticketId={TICKET_ID} canWriteInternalNotes={false} />,
    );

    expect(screen.queryByRole('button', { name: /internal note/i })).not.toBeInTheDocument();
    expect(screen.queryByText(/internal note/i)).not.toBeInTheDocument();
    // Customers write plain text: no preview, no status.
    expect(screen.queryByRole('tab', { name: 'Preview' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send and set status' })).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Reply'), 'Any news?');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.body).toEqual({ content: 'Any news?', isInternal: false });
  });

  it('posts isInternal: true when an agent switches to internal note, then clears the draft', async () => {
    const { requests } = mockFetch({
      ...me(),
      [`POST ${RESPONSES}`]: () => json(makeResponse({ isInternal: true }), 201),
    });
    const { user } = renderWithProviders(
      <ReplyComposer ticketId={TICKET_ID} canWriteInternalNotes />,
    );

    expect(screen.getByRole('button', { name: 'Public reply' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await user.click(screen.getByRole('button', { name: 'Internal note' }));
    expect(screen.getByRole('button', { name: 'Internal note' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('button', { name: 'Public reply' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    // The whole mode says "note": heading, field and button; never "Send reply".
    expect(screen.getByRole('heading', { name: 'Add an internal note' })).toBeInTheDocument();
    expect(screen.getByText('Only agents and admins see internal notes.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send reply' })).not.toBeInTheDocument();

    const note = screen.getByLabelText('Note');
    await user.type(note, 'Customer is on the VIP plan.');
    await user.click(screen.getByRole('button', { name: 'Add note' }));

    await waitFor(() => expect(note).toHaveValue(''));
    expect(posts(requests)).toHaveLength(1);
    // No signature on a note.
    expect(posts(requests)[0]?.body).toEqual({
      content: 'Customer is on the VIP plan.',
      isInternal: true,
    });
    expect(screen.getByRole('status')).toHaveTextContent('Note added.');
  });

  it('keeps the draft and shows the problem when posting fails', async () => {
    mockFetch({
      ...me(),
      [`POST ${RESPONSES}`]: () =>
        problemJson(problem({ status: 409, code: 'conflict', detail: 'This ticket is closed.' })),
    });
    const { user } = renderWithProviders(
      <ReplyComposer ticketId={TICKET_ID} canWriteInternalNotes />,
    );

    const reply = screen.getByLabelText('Reply');
    await user.type(reply, 'A long answer I do not want to lose');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('This ticket is closed.');
    expect(reply).toHaveValue('A long answer I do not want to lose');
    expect(screen.getByRole('button', { name: 'Send reply' })).toBeEnabled();
  });

  it('refuses an empty reply without calling the API', async () => {
    const { fetchMock } = mockFetch({});
    const { user } = renderWithProviders(
      <ReplyComposer ticketId={TICKET_ID} canWriteInternalNotes={false} />,
    );

    await user.type(screen.getByLabelText('Reply'), '   ');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    expect(screen.getByLabelText('Reply')).toHaveAccessibleDescription(
      expect.stringContaining('This field is required.'),
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('ReplyComposer for staff: Markdown, status, signature, keyboard', () => {
  it('previews Markdown with the timeline rendering, a script shown as text', async () => {
    mockFetch(me());
    const { user } = renderWithProviders(
      <ReplyComposer ticketId={TICKET_ID} canWriteInternalNotes />,
    );
    await user.type(
      screen.getByLabelText('Reply'),
      'Hello **world**{enter}<script>alert(1)</script>',
    );
    await user.click(screen.getByRole('tab', { name: 'Preview' }));
    const preview = screen.getByTestId('composer-preview');
    const strong = await within(preview).findByText('world');
    expect(strong.tagName).toBe('STRONG');
    expect(preview.querySelector('script')).toBeNull();
    expect(preview).toHaveTextContent('<script>alert(1)</script>');
    expect(preview).not.toHaveTextContent('**');
    await user.click(screen.getByRole('tab', { name: 'Write' }));
    expect(screen.getByLabelText('Reply')).toBeVisible();
  });

  it('sends the reply and the status in one request, then tells the page', async () => {
    const { requests } = mockFetch({
      ...me(),
      [`POST ${RESPONSES}`]: () => json(makeResponse({ content: 'Fixed.' }), 201),
    });
    const onSent = vi.fn();
    const { user } = renderWithProviders(
      <ReplyComposer ticketId={TICKET_ID} canWriteInternalNotes onSent={onSent} />,
    );
    await user.type(screen.getByLabelText('Reply'), 'Fixed.');
    await user.click(screen.getByRole('button', { name: 'Send and set status' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Resolved' }));

    await waitFor(() => expect(onSent).toHaveBeenCalledTimes(1));
    expect(posts(requests)).toHaveLength(1);
    expect(posts(requests)[0]?.body).toEqual({
      content: 'Fixed.',
      isInternal: false,
      appendSignature: true,
      status: 'RESOLVED',
    });
    expect(onSent.mock.calls[0]?.[0]).toMatchObject({ status: 'RESOLVED' });
    expect(screen.getByRole('status')).toHaveTextContent('the ticket is now Resolved');
  });

  it('sends with Ctrl+Enter from the box, and says the signature will be added', async () => {
    const { requests } = mockFetch({
      ...me('— Alex, **Acme**'),
      [`POST ${RESPONSES}`]: () => json(makeResponse({ content: 'On it.' }), 201),
    });
    const { user } = renderWithProviders(
      <ReplyComposer ticketId={TICKET_ID} canWriteInternalNotes />,
    );
    expect(await screen.findByText('Signature will be added')).toBeInTheDocument();
    const reply = screen.getByLabelText('Reply');
    await user.type(reply, 'On it.');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(posts(requests)).toHaveLength(1));
    expect(posts(requests)[0]?.body).toEqual({
      content: 'On it.',
      isInternal: false,
      appendSignature: true,
    });
    // Not on a note.
    await user.click(screen.getByRole('button', { name: 'Internal note' }));
    expect(screen.queryByText('Signature will be added')).not.toBeInTheDocument();
  });
});

describe('ReplyComposer with attachments', () => {
  it('turns a pasted screenshot into an attachment chip, not text', () => {
    mockFetch(me());
    renderWithProviders(<ReplyComposer ticketId="t-1" canWriteInternalNotes />);
    const textarea = screen.getByLabelText('Reply');
    const screenshot = new File([new Uint8Array(16)], 'image.png', { type: 'image/png' });
    Object.defineProperty(screenshot, 'size', { value: 5_000 });
    fireEvent.paste(textarea, { clipboardData: { files: [screenshot], items: [] } });
    expect(screen.getByText('image.png')).toBeInTheDocument();
    expect(textarea).toHaveValue('');
  });
});
