import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { isTypingTarget } from '../utils/typing-target';
import { useShortcut } from './use-shortcut';

function Harness({ onJ, onHelp, onGoInbox }: Record<string, () => void>) {
  useShortcut('j', () => onJ?.());
  useShortcut('?', () => onHelp?.(), { byCharacter: true });
  useShortcut('g>i', () => onGoInbox?.());
  return (
    <div>
      <button type="button">A button</button>
      <input aria-label="Search" />
      <textarea aria-label="Reply" />
      <select aria-label="Status">
        <option>Open</option>
      </select>
      <div aria-label="Editor" contentEditable suppressContentEditableWarning role="textbox" />
      <div role="dialog" aria-label="A dialog">
        <button type="button">In the dialog</button>
      </div>
    </div>
  );
}

describe('useShortcut', () => {
  it('fires on the page and on buttons', async () => {
    const user = userEvent.setup();
    const onJ = vi.fn();
    render(<Harness onJ={onJ} />);
    await user.keyboard('j');
    expect(onJ).toHaveBeenCalledTimes(1);
    screen.getByRole('button', { name: 'A button' }).focus();
    await user.keyboard('j');
    expect(onJ).toHaveBeenCalledTimes(2);
  });

  it('never fires while typing in an input, a textarea, a select or contenteditable', async () => {
    const user = userEvent.setup();
    const onJ = vi.fn();
    const onHelp = vi.fn();
    const onGoInbox = vi.fn();
    render(<Harness onJ={onJ} onHelp={onHelp} onGoInbox={onGoInbox} />);
    for (const name of ['Search', 'Reply', 'Editor']) {
      const field = screen.getByRole('textbox', { name });
      field.focus();
      await user.keyboard('j?gi');
    }
    screen.getByRole('combobox', { name: 'Status' }).focus();
    await user.keyboard('j');
    expect(onJ).not.toHaveBeenCalled();
    expect(onHelp).not.toHaveBeenCalled();
    expect(onGoInbox).not.toHaveBeenCalled();
    // What was typed stayed in the fields.
    expect(screen.getByRole('textbox', { name: 'Search' })).toHaveValue('j?gi');
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('j?gi');
  });

  it('stays quiet inside a dialog and with Ctrl held', async () => {
    const user = userEvent.setup();
    const onJ = vi.fn();
    render(<Harness onJ={onJ} />);
    screen.getByRole('button', { name: 'In the dialog' }).focus();
    await user.keyboard('j');
    screen.getByRole('button', { name: 'A button' }).focus();
    await user.keyboard('{Control>}j{/Control}');
    expect(onJ).not.toHaveBeenCalled();
  });

  it('matches ? by character and g then i as a sequence', async () => {
    const user = userEvent.setup();
    const onHelp = vi.fn();
    const onGoInbox = vi.fn();
    render(<Harness onHelp={onHelp} onGoInbox={onGoInbox} />);
    await user.keyboard('{Shift>}?{/Shift}');
    expect(onHelp).toHaveBeenCalledTimes(1);
    await user.keyboard('i');
    expect(onGoInbox).not.toHaveBeenCalled();
    await user.keyboard('gi');
    expect(onGoInbox).toHaveBeenCalledTimes(1);
  });
});

describe('isTypingTarget', () => {
  it('tells text fields from checkboxes and buttons', () => {
    const text = document.createElement('input');
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTypingTarget(text)).toBe(true);
    expect(isTypingTarget(box)).toBe(false);
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
