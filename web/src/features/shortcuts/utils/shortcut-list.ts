/**
 * Every keyboard shortcut of the dashboard, as the help dialog lists them (docs/product.md
 * "Keyboard shortcuts"). `keys` are shown as typed, one `<kbd>` each; `then` joins a sequence.
 * `action` is the key of its description under `inbox.shortcuts.actions`.
 */
type ShortcutAction =
  | 'next'
  | 'previous'
  | 'open'
  | 'select'
  | 'search'
  | 'reply'
  | 'note'
  | 'send'
  | 'assign'
  | 'status'
  | 'back'
  | 'inbox'
  | 'chats'
  | 'help';

type ShortcutGroup = {
  id: 'list' | 'ticket' | 'navigation';
  shortcuts: { keys: string[][]; action: ShortcutAction }[];
};

/** Each entry of `keys` is one way to press it; each inner list, keys pressed one after another. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    id: 'list',
    shortcuts: [
      { keys: [['j']], action: 'next' },
      { keys: [['k']], action: 'previous' },
      { keys: [['Enter'], ['o']], action: 'open' },
      { keys: [['x']], action: 'select' },
      { keys: [['/']], action: 'search' },
    ],
  },
  {
    id: 'ticket',
    shortcuts: [
      { keys: [['r']], action: 'reply' },
      { keys: [['n']], action: 'note' },
      { keys: [['Ctrl+Enter'], ['⌘+Enter']], action: 'send' },
      { keys: [['a']], action: 'assign' },
      { keys: [['s']], action: 'status' },
      { keys: [['Esc']], action: 'back' },
    ],
  },
  {
    id: 'navigation',
    shortcuts: [
      { keys: [['g', 'i']], action: 'inbox' },
      { keys: [['g', 'c']], action: 'chats' },
      { keys: [['?']], action: 'help' },
    ],
  },
];
