import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeTicket, problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { CreateTicketForm } from './create-ticket-form';

describe('CreateTicketForm', () => {
  it('shows the contract schema rules next to each field and sends nothing', async () => {
    const { requests } = mockFetch({ 'GET /api/categories': () => json({ data: [] }) });
    const { user } = renderWithProviders(<CreateTicketForm isAgent onSuccess={vi.fn()} />);

    await user.type(screen.getByLabelText(/Subject/), 'Hey');
    await user.type(screen.getByLabelText(/Description/), 'short');
    await user.type(screen.getByLabelText('Tags'), 'ok, not valid!');
    await user.type(screen.getByLabelText('Requester name'), 'Robin Requester');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    expect(screen.getByLabelText(/Subject/)).toHaveAccessibleDescription(
      'Must be at least 5 characters.',
    );
    expect(screen.getByLabelText(/Subject/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Description/)).toHaveAccessibleDescription(
      'Must be at least 10 characters.',
    );
    expect(screen.getByLabelText('Tags')).toHaveAccessibleDescription(
      expect.stringContaining('Tags may hold letters, digits and _ : . - only.'),
    );
    // The schema's cross-field rule: a requester name needs an email.
    expect(screen.getByLabelText('Requester email')).toHaveAccessibleDescription(
      "Give the requester's email with their name.",
    );
    expect(screen.getByText('Please correct the fields marked below.')).toBeInTheDocument();
    expect(screen.getByLabelText(/Subject/)).toHaveFocus();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('puts the server problem errors[] next to the fields at fault', async () => {
    mockFetch({
      'POST /api/tickets': () =>
        problemJson(
          problem({
            status: 400,
            code: 'validation_failed',
            title: 'Bad Request',
            detail: 'The request is not valid.',
            errors: [
              { path: 'category', message: 'category "Plumbing" does not exist' },
              { path: 'tags.1', message: 'tag is reserved' },
            ],
          }),
        ),
    });
    const onSuccess = vi.fn();
    const { user } = renderWithProviders(<CreateTicketForm isAgent onSuccess={onSuccess} />);

    await user.type(screen.getByLabelText(/Subject/), 'Leaking pipe in kitchen');
    await user.type(screen.getByLabelText(/Description/), 'Water everywhere since noon.');
    await user.type(screen.getByLabelText('Category'), 'Plumbing');
    await user.type(screen.getByLabelText('Tags'), 'water, system');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await waitFor(() =>
      expect(screen.getByLabelText('Category')).toHaveAccessibleDescription(
        expect.stringContaining('category "Plumbing" does not exist'),
      ),
    );
    expect(screen.getByLabelText('Tags')).toHaveAccessibleDescription(
      expect.stringContaining('tag is reserved'),
    );
    expect(screen.getByLabelText('Category')).toHaveFocus();
    expect(onSuccess).not.toHaveBeenCalled();
    // What was typed stays.
    expect(screen.getByLabelText(/Subject/)).toHaveValue('Leaking pipe in kitchen');
  });

  it('shows a problem without field errors as a message', async () => {
    mockFetch({
      'POST /api/tickets': () =>
        problemJson(
          problem({ status: 403, code: 'forbidden', detail: 'Your role may not do this.' }),
        ),
    });
    const { user } = renderWithProviders(<CreateTicketForm isAgent onSuccess={vi.fn()} />);

    await user.type(screen.getByLabelText(/Subject/), 'Leaking pipe in kitchen');
    await user.type(screen.getByLabelText(/Description/), 'Water everywhere since noon.');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Your role may not do this.');
  });

  it('sends a clean body for an agent: priority, split tags, requester', async () => {
    const created = makeTicket({ reference: 'TKT-00077', number: 77 });
    const { requests } = mockFetch({
      'POST /api/tickets': () => json(created, 201),
      'GET /api/categories': () => json({ data: [] }),
    });
    const onSuccess = vi.fn();
    const { user } = renderWithProviders(<CreateTicketForm isAgent onSuccess={onSuccess} />);

    await user.type(screen.getByLabelText(/Subject/), '  Payroll export fails  ');
    await user.type(screen.getByLabelText(/Description/), 'The CSV export stops at 50%.');
    await user.selectOptions(screen.getByLabelText('Priority'), 'CRITICAL');
    await user.type(screen.getByLabelText('Tags'), 'Payroll, export,, ');
    await user.type(screen.getByLabelText('Requester name'), 'Robin Requester');
    await user.type(screen.getByLabelText('Requester email'), 'robin@example.test');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith(created));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      subject: 'Payroll export fails',
      description: 'The CSV export stops at 50%.',
      priority: 'CRITICAL',
      tags: ['payroll', 'export'],
      requesterName: 'Robin Requester',
      requesterEmail: 'robin@example.test',
    });
  });

  it('shows customers neither priority nor requester fields, and sends neither', async () => {
    const { requests } = mockFetch({
      'POST /api/tickets': () => json(makeTicket(), 201),
      'GET /api/categories': () => json({ data: [] }),
    });
    const onSuccess = vi.fn();
    const { user } = renderWithProviders(
      <CreateTicketForm isAgent={false} onSuccess={onSuccess} />,
    );

    expect(screen.queryByLabelText('Priority')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Requester email')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText(/Subject/), 'Cannot log in');
    await user.type(screen.getByLabelText(/Description/), 'The page says my password expired.');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      subject: 'Cannot log in',
      description: 'The page says my password expired.',
    });
  });

  it("offers the organization's categories to pick from, and sends the one chosen", async () => {
    Element.prototype.hasPointerCapture ??= () => false;
    Element.prototype.scrollIntoView ??= () => undefined;
    const category = (name: string) => ({
      id: crypto.randomUUID(),
      name,
      description: null,
      isActive: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const { requests } = mockFetch({
      'POST /api/tickets': () => json(makeTicket(), 201),
      'GET /api/categories': () => json({ data: [category('Billing'), category('Hardware')] }),
    });
    const onSuccess = vi.fn();
    const { user } = renderWithProviders(<CreateTicketForm isAgent onSuccess={onSuccess} />);

    await user.type(screen.getByLabelText(/Subject/), 'Invoice charged twice');
    await user.type(
      screen.getByLabelText(/Description/),
      'March invoice appears twice on my card.',
    );
    await user.click(await screen.findByRole('combobox', { name: 'Category' }));
    await user.click(await screen.findByRole('option', { name: 'Billing' }));
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({ category: 'Billing' });
  });

  it('offers the groups to put the ticket in, and sends the one chosen as groupId', async () => {
    Element.prototype.hasPointerCapture ??= () => false;
    Element.prototype.scrollIntoView ??= () => undefined;
    const groupId = crypto.randomUUID();
    const group = (id: string, name: string) => ({
      id,
      name,
      description: null,
      routing: 'load_balanced',
      weightByPriority: false,
      returnOnAway: false,
      skillRules: [],
      members: [],
      queued: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const { requests } = mockFetch({
      'POST /api/tickets': () => json(makeTicket(), 201),
      'GET /api/categories': () => json({ data: [] }),
      'GET /api/groups': () =>
        json({ data: [group(crypto.randomUUID(), 'Billing team'), group(groupId, 'Tier 1')] }),
    });
    const onSuccess = vi.fn();
    const { user } = renderWithProviders(<CreateTicketForm isAgent onSuccess={onSuccess} />);

    await user.type(screen.getByLabelText(/Subject/), 'Cannot reach the portal');
    await user.type(screen.getByLabelText(/Description/), 'The portal times out since noon.');
    await user.click(await screen.findByRole('combobox', { name: 'Group' }));
    await user.click(await screen.findByRole('option', { name: 'Tier 1' }));
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({ groupId });
  });
});
