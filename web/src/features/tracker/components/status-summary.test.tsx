import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES, type TicketStatus } from '@docket/server/contract/domain';
import { renderWithProviders } from '@/testing/test-utils';
import { explainStatus } from '../utils/status-explanation';
import { StatusSummary } from './status-summary';

const ENGLISH: Record<TicketStatus, RegExp> = {
  NEW: /We have received your request/,
  OPEN: /Your request is with our team/,
  IN_PROGRESS: /Someone from our team is working on your request/,
  WAITING_ON_CUSTOMER: /We need something from you to continue/,
  ON_HOLD: /Your request is paused for now/,
  RESOLVED: /We believe your problem is solved/,
  CLOSED: /This ticket is closed/,
};

describe('status in plain words', () => {
  it.each(TICKET_STATUSES)('explains %s to the requester', (status) => {
    renderWithProviders(<StatusSummary status={status} />);
    const summary = screen.getByTestId('status-summary');
    expect(summary).toHaveAttribute('data-status', status);
    expect(summary).toHaveTextContent(ENGLISH[status]);
    // Only a RESOLVED ticket invites a reply "if the problem persists".
    if (status === 'RESOLVED') {
      expect(screen.getByTestId('resolved-invite')).toHaveTextContent(
        'Is the problem still there? Reply below and we will reopen your ticket.',
      );
    } else {
      expect(screen.queryByTestId('resolved-invite')).not.toBeInTheDocument();
    }
  });

  it('speaks French (Canada) when that is the language', () => {
    renderWithProviders(<StatusSummary status="WAITING_ON_CUSTOMER" />, { language: 'fr-CA' });
    expect(screen.getByTestId('status-summary')).toHaveTextContent(
      'En attente du clientNous avons besoin de vous pour continuer',
    );
  });

  it('tells who has the next move and what a reply does', () => {
    expect(explainStatus('WAITING_ON_CUSTOMER')).toMatchObject({
      tone: 'you',
      canReply: true,
      replyReopens: true,
      offerFollowUp: false,
    });
    expect(explainStatus('RESOLVED')).toMatchObject({ tone: 'resolved', replyReopens: true });
    expect(explainStatus('IN_PROGRESS')).toMatchObject({ tone: 'team', replyReopens: false });
    expect(explainStatus('CLOSED')).toMatchObject({
      tone: 'closed',
      canReply: false,
      offerFollowUp: true,
    });
  });
});
