import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeResponse, problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { ReplyComposer } from './reply-composer';

const TICKET_ID = '11111111-1111-4111-8111-111111111111';
const RESPONSES = `/api/tickets/${TICKET_ID}/responses`;

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

    await user.type(screen.getByLabelText('Reply'), 'Any news?');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.body).toEqual({ content: 'Any news?', isInternal: false });
  });

  it('posts isInternal: true when an agent switches to internal note, then clears the draft', async () => {
    const { requests } = mockFetch({
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
    // Only the textarea is labelled "Reply", so `getByLabelText('Reply')` finds one element.
    expect(screen.getAllByLabelText(/reply/i)).toHaveLength(1);
    expect(screen.getByText('Only agents and admins see internal notes.')).toBeInTheDocument();

    const reply = screen.getByLabelText('Reply');
    await user.type(reply, 'Customer is on the VIP plan.');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    await waitFor(() => expect(reply).toHaveValue(''));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.body).toEqual({
      content: 'Customer is on the VIP plan.',
      isInternal: true,
    });
  });

  it('keeps the draft and shows the problem when posting fails', async () => {
    mockFetch({
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

describe('ReplyComposer with attachments', () => {
  it('turns a pasted screenshot into an attachment chip, not text', () => {
    renderWithProviders(<ReplyComposer ticketId="t-1" canWriteInternalNotes />);
    const textarea = screen.getByLabelText('Reply');
    const screenshot = new File([new Uint8Array(16)], 'image.png', { type: 'image/png' });
    Object.defineProperty(screenshot, 'size', { value: 5_000 });
    fireEvent.paste(textarea, { clipboardData: { files: [screenshot], items: [] } });
    expect(screen.getByText('image.png')).toBeInTheDocument();
    expect(textarea).toHaveValue('');
  });
});
