import '@/testing/radix-polyfills';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { AppProvider } from '@/app/provider';
import { createTestI18n } from '@/testing/i18n';
import { createTestQueryClient } from '@/testing/test-utils';
import { Badge } from './badge';
import { Button } from './button';
import { Checkbox, type CheckedState } from './checkbox';
import { Dialog, DialogContent, DialogTrigger } from './dialog';
import { useToast } from './toast';

function renderUi(ui: React.ReactElement) {
  const user = userEvent.setup();
  render(
    <AppProvider queryClient={createTestQueryClient()} i18n={createTestI18n('en')}>
      {ui}
    </AppProvider>,
  );
  return { user };
}

describe('UI primitives', () => {
  it('toasts a notice through useToast, closable with its button', async () => {
    function Notify() {
      const { toast } = useToast();
      return (
        <Button onClick={() => toast({ tone: 'success', title: 'Saved', description: 'All good' })}>
          Notify
        </Button>
      );
    }
    const { user } = renderUi(<Notify />);
    await user.click(screen.getByRole('button', { name: 'Notify' }));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(screen.getByText('All good')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByText('Saved')).not.toBeInTheDocument());
  });

  it('checkbox announces checked, unchecked and mixed, and toggles with Space', async () => {
    function Box() {
      const [checked, setChecked] = useState<CheckedState>('indeterminate');
      return <Checkbox checked={checked} onCheckedChange={setChecked} label="Select all" />;
    }
    const { user } = renderUi(<Box />);
    const box = screen.getByRole('checkbox', { name: 'Select all' });
    expect(box).toHaveAttribute('aria-checked', 'mixed');
    await user.click(box);
    expect(box).toHaveAttribute('aria-checked', 'true');
    box.focus();
    await user.keyboard(' ');
    expect(box).toHaveAttribute('aria-checked', 'false');
  });

  it('dialog is named by its title, takes focus, and gives it back on Escape', async () => {
    const { user } = renderUi(
      <Dialog>
        <DialogTrigger asChild>
          <Button>Open</Button>
        </DialogTrigger>
        <DialogContent title="Rename view" description="Pick a new name">
          <input aria-label="Name" />
        </DialogContent>
      </Dialog>,
    );
    const trigger = screen.getByRole('button', { name: 'Open' });
    await user.click(trigger);
    const dialog = await screen.findByRole('dialog', { name: 'Rename view' });
    expect(dialog).toHaveAccessibleDescription('Pick a new name');
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(trigger).toHaveFocus();
  });

  it('badge shows its words with a tone class', () => {
    renderUi(<Badge tone="critical">Critical</Badge>);
    const label = screen.getByText('Critical');
    expect(label.closest('.badge')).toHaveClass('badge--tone-critical');
  });
});
