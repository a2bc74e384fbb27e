import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setSession } from '@/lib/session';
import { agent } from '@/testing/fixtures';
import { mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { DEFAULT_TICKET_LIST_FILTERS } from '../utils/list-search-params';
import { ExportCsvButton } from './export-csv-button';

const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

describe('ExportCsvButton', () => {
  it('saves the list as filtered, with the session token, as tickets.csv', async () => {
    setSession('test-token', 3600);
    const { requests } = mockFetch({
      'GET /api/tickets/export.csv': () =>
        new Response('reference,subject\r\n', {
          headers: { 'Content-Type': 'text/csv; charset=utf-8' },
        }),
    });
    const saved: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:http://docket.test/tickets');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(`${this.download} ${this.href}`);
    });
    const filters = { ...DEFAULT_TICKET_LIST_FILTERS, priority: ['HIGH' as const], q: 'refund' };
    const { user } = renderWithProviders(<ExportCsvButton filters={filters} />, { user: agent });
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(saved).toEqual(['tickets.csv blob:http://docket.test/tickets']));
    const request = requests[0]!;
    expect(request.url.searchParams.get('priority')).toBe('HIGH');
    expect(request.url.searchParams.get('q')).toBe('refund');
    expect(request.url.searchParams.get('status')).toContain('OPEN');
    expect(request.url.searchParams.has('cursor')).toBe(false);
    expect(request.headers.get('Authorization')).toBe('Bearer test-token');
  });

  it('says so when the export fails', async () => {
    mockFetch({
      'GET /api/tickets/export.csv': () =>
        problemJson({ status: 503, code: 'search_timeout', title: 'Search took too long' }),
    });
    const { user } = renderWithProviders(
      <ExportCsvButton filters={DEFAULT_TICKET_LIST_FILTERS} />,
      {
        user: agent,
      },
    );
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The export failed');
  });
});
