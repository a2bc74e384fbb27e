import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PublicTicket, PublicTimelineItem } from '@docket/server/contract/public';
import { problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { TrackingLinkRoute } from './tracking-link';

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const URL_PATH = `/api/public/tickets/${TOKEN}`;

function makeView(overrides: Partial<PublicTicket> = {}): PublicTicket {
  return {
    reference: 'TKT-00012',
    subject: 'Cannot join my counselling session',
    description: 'The link in my confirmation email does not open.',
    status: 'IN_PROGRESS',
    priority: 'CRITICAL',
    category: 'Sessions',
    session: {
      mode: 'video',
      scheduledAt: '2026-03-05T15:00:00.000Z',
      durationMinutes: 45,
      meetingLink: 'https://meet.example/docket-abc',
    },
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
    resolvedAt: null,
    closedAt: null,
    resolutionNote: null,
    mergedInto: null,
    attachments: [],
    customFields: [],
    timeline: [
      { type: 'created', at: '2026-03-02T09:00:00.000Z' },
      {
        type: 'reply',
        author: { name: 'Support team', type: 'agent' },
        content: 'We booked you a new session.',
        format: 'markdown',
        attachments: [],
        at: '2026-03-02T09:30:00.000Z',
      },
      { type: 'status_changed', from: 'NEW', to: 'IN_PROGRESS', at: '2026-03-02T09:30:00.000Z' },
    ],
    ...overrides,
  };
}

function renderLink() {
  return renderWithProviders(<TrackingLinkRoute />, { path: '/t/:token', route: `/t/${TOKEN}` });
}

describe('tracking link page', () => {
  it('shows the public view, the session join link, and posts a reply that then shows', async () => {
    let view = makeView();
    const { requests } = mockFetch({
      [`GET ${URL_PATH}`]: () => json(view),
      [`POST ${URL_PATH}/responses`]: ({ body }) => {
        const reply: PublicTimelineItem = {
          type: 'reply',
          author: { name: 'Casey Customer', type: 'customer' },
          content: (body as { content: string }).content,
          format: 'text',
          attachments: [],
          at: '2026-03-02T11:00:00.000Z',
        };
        view = { ...view, timeline: [...view.timeline, reply] };
        return json({}, 201);
      },
    });
    const { user } = renderLink();

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Cannot join my counselling session' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('status-summary')).toHaveTextContent('In progress');
    expect(screen.getByText('Critical')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Join the session' })).toHaveAttribute(
      'href',
      'https://meet.example/docket-abc',
    );
    // Staff are the support team, in the reader's language.
    const staffReply = screen.getAllByTestId('timeline-reply')[0]!;
    expect(within(staffReply).getByText('Support team')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Reply'), 'Thank you, it works now.');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    await waitFor(() => expect(screen.getAllByTestId('timeline-reply')).toHaveLength(2));
    expect(screen.getAllByTestId('timeline-reply')[1]).toHaveTextContent(
      'Thank you, it works now.',
    );
    expect(screen.getByLabelText('Reply')).toHaveValue('');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      content: 'Thank you, it works now.',
    });
  });

  it('invites a reply on a RESOLVED ticket and says the reply reopens it', async () => {
    mockFetch({
      [`GET ${URL_PATH}`]: () =>
        json(makeView({ status: 'RESOLVED', resolvedAt: '2026-03-02T12:00:00.000Z' })),
    });
    renderLink();
    expect(await screen.findByTestId('resolved-invite')).toBeInTheDocument();
    expect(screen.getByLabelText('Reply')).toHaveAccessibleDescription(
      'Our support team will see your reply, and your ticket will be reopened.',
    );
  });

  it('offers no reply on a CLOSED ticket, only a follow-up after signing in', async () => {
    mockFetch({
      [`GET ${URL_PATH}`]: () =>
        json(makeView({ status: 'CLOSED', closedAt: '2026-03-02T12:00:00.000Z' })),
    });
    renderLink();
    const notice = await screen.findByTestId('closed-notice');
    expect(screen.queryByLabelText('Reply')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /reopen/i })).not.toBeInTheDocument();
    expect(within(notice).getByRole('link')).toHaveAttribute(
      'href',
      `/sign-in?redirectTo=${encodeURIComponent('/portal/new?followUpOf=TKT-00012')}`,
    );
  });

  it('tells an expired link from a broken one, each with a way on', async () => {
    mockFetch({
      [`GET ${URL_PATH}`]: () =>
        problemJson(problem({ status: 410, code: 'link_expired', title: 'Link expired' })),
    });
    renderLink();
    expect(await screen.findByRole('alert')).toHaveTextContent('This link has expired');
    expect(screen.getByRole('link', { name: 'Look up a ticket' })).toHaveAttribute(
      'href',
      '/track-ticket',
    );
  });

  it('says a tampered link does not work', async () => {
    mockFetch({
      [`GET ${URL_PATH}`]: () =>
        problemJson(problem({ status: 404, code: 'not_found', title: 'Not Found' })),
    });
    renderLink();
    expect(await screen.findByRole('alert')).toHaveTextContent('This link does not work');
  });

  it("shows the ticket's and the replies' public files through the link's own URLs", async () => {
    const base = `${URL_PATH}/attachments`;
    const pdf = {
      fileName: 'statement.pdf',
      mimeType: 'application/pdf',
      sizeBytes: 184_320,
      links: { content: `${base}/a1/content`, thumbnail: null },
    };
    const png = {
      fileName: 'card.png',
      mimeType: 'image/png',
      sizeBytes: 2_048,
      links: { content: `${base}/a2/content`, thumbnail: `${base}/a2/thumbnail` },
    };
    mockFetch({
      [`GET ${URL_PATH}`]: () =>
        json(
          makeView({
            attachments: [pdf],
            timeline: [
              { type: 'created', at: '2026-03-02T09:00:00.000Z' },
              {
                type: 'reply',
                author: { name: 'Casey Customer', type: 'customer' },
                content: 'The card is attached.',
                format: 'text',
                attachments: [png],
                at: '2026-03-02T09:30:00.000Z',
              },
            ],
          }),
        ),
    });
    renderLink();

    const files = await screen.findByTestId('ticket-attachments');
    expect(within(files).getByRole('heading', { name: 'Attachments' })).toBeInTheDocument();
    expect(within(files).getByRole('link', { name: 'Download statement.pdf' })).toHaveAttribute(
      'href',
      pdf.links.content,
    );
    expect(within(files).getByText(/PDF · 180 kB/)).toBeInTheDocument();
    const reply = screen.getByTestId('timeline-reply');
    expect(within(reply).getByRole('link', { name: 'Download card.png' })).toHaveAttribute(
      'href',
      png.links.content,
    );
    // No session on the tracker: the thumbnail is the link itself, not a fetched blob.
    expect(within(reply).getByTestId('attachment-thumbnail')).toHaveAttribute(
      'src',
      png.links.thumbnail,
    );
    // And the reply form takes files.
    expect(screen.getByRole('button', { name: 'Choose files' })).toBeInTheDocument();
  });
});
