import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublicTicket } from '@docket/server/contract/public';
import { problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { TrackTicketForm } from './track-ticket-form';

const view: PublicTicket = {
  reference: 'TKT-00007',
  subject: 'Refund for a double charge',
  description: 'I was charged twice for my order.',
  status: 'IN_PROGRESS',
  priority: 'HIGH',
  category: 'Payment',
  session: null,
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  resolvedAt: null,
  closedAt: null,
  resolutionNote: null,
  mergedInto: null,
  attachments: [],
  customFields: [],
  timeline: [{ type: 'created', at: '2026-03-02T09:00:00.000Z' }],
};

function fill(reference: string, email: string) {
  fireEvent.change(screen.getByLabelText(/Ticket reference/), { target: { value: reference } });
  fireEvent.change(screen.getByLabelText(/^Email/), { target: { value: email } });
}

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Track ticket' }));

afterEach(() => {
  vi.useRealTimers();
});

describe('public tracker form', () => {
  it('sends the reference and email, and hands over the ticket found', async () => {
    const { requests } = mockFetch({ 'POST /api/public/track': () => json(view) });
    const onFound = vi.fn();
    renderWithProviders(<TrackTicketForm onFound={onFound} />);

    fill(' TKT-00007 ', 'casey@example.com');
    submit();

    await waitFor(() => expect(onFound).toHaveBeenCalledWith(view));
    expect(requests[0]?.body).toEqual({ reference: 'TKT-00007', email: 'casey@example.com' });
  });

  it('shows one and the same answer for a wrong email and an unknown reference', async () => {
    // The server answers both with the same 404; the page must not tell them apart either,
    // whatever detail the problem carries.
    let attempt = 0;
    mockFetch({
      'POST /api/public/track': () =>
        problemJson(
          problem({
            status: 404,
            code: 'not_found',
            title: 'Not Found',
            detail: attempt++ === 0 ? 'Ticket not found' : 'Something else entirely',
          }),
        ),
    });
    renderWithProviders(<TrackTicketForm onFound={vi.fn()} />);

    fill('TKT-00007', 'someone-else@example.com');
    submit();
    const first = (await screen.findByRole('alert')).textContent;

    fill('TKT-99999', 'casey@example.com');
    submit();
    await waitFor(() => expect(attempt).toBe(2));
    const second = (await screen.findByRole('alert')).textContent;

    expect(first).toBe(
      'No ticket foundWe could not find a ticket with this reference and email address. Check both and try again.',
    );
    expect(second).toBe(first);
  });

  it('counts down "try again in N seconds" from Retry-After and holds the button until then', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    mockFetch({
      'POST /api/public/track': () =>
        new Response(
          JSON.stringify(
            problem({ status: 429, code: 'rate_limited', title: 'Too many requests' }),
          ),
          {
            status: 429,
            headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '3' },
          },
        ),
    });
    renderWithProviders(<TrackTicketForm onFound={vi.fn()} />);

    fill('TKT-00007', 'casey@example.com');
    submit();

    const notice = await screen.findByTestId('rate-limit');
    expect(notice).toHaveTextContent('Too many attempts.Try again in 3 seconds.');
    const button = screen.getByRole('button', { name: 'Track ticket' });
    expect(button).toBeDisabled();

    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId('rate-limit')).toHaveTextContent('Try again in 2 seconds.');
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId('rate-limit')).toHaveTextContent('Try again in 1 second.');
    expect(button).toBeDisabled();
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId('rate-limit')).toHaveTextContent('You can try again now.');
    expect(button).toBeEnabled();
  });

  it('asks for both fields before sending anything', async () => {
    const { fetchMock } = mockFetch({});
    renderWithProviders(<TrackTicketForm onFound={vi.fn()} />);

    fill('', 'not-an-email');
    submit();

    expect(await screen.findByText('This field is required.')).toBeInTheDocument();
    expect(screen.getByText('Enter a valid email address.')).toBeInTheDocument();
    expect(screen.getByLabelText(/Ticket reference/)).toHaveFocus();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
