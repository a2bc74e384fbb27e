import { useHotkeys } from 'react-hotkeys-hook';
import { shouldIgnoreShortcut } from '../utils/typing-target';

type ShortcutOptions = {
  /** False turns the shortcut off (e.g. while there is nothing to act on). Default true. */
  enabled?: boolean;
  /**
   * Match the character produced (`?`, `/`) rather than the physical key: these sit on different
   * keys (and need Shift or not) from one keyboard layout to another. Default false.
   */
  byCharacter?: boolean;
};

/**
 * A keyboard shortcut of the dashboard (react-hotkeys-hook underneath; the table of shortcuts is
 * docs/product.md "Keyboard shortcuts"). `keys` is one key (`j`, `enter`, `escape`), a sequence
 * (`g>i`: g then i within a second) or, with `byCharacter`, a character (`?`). The shortcut never
 * fires while the person types in a field, a select or contenteditable, inside a dialog or menu,
 * nor with Ctrl, Alt or Meta held (shouldIgnoreShortcut). `handler` returns false to leave the
 * key to the browser (its default action is otherwise prevented).
 */
export function useShortcut(
  keys: string,
  handler: (event: KeyboardEvent) => boolean | void,
  { enabled = true, byCharacter = false }: ShortcutOptions = {},
) {
  useHotkeys(
    keys,
    (event) => {
      // The library checks `ignoreEventWhen` for single keys only; sequences are checked here.
      if (shouldIgnoreShortcut(event)) return;
      if (handler(event) !== false) event.preventDefault();
    },
    {
      enabled,
      useKey: byCharacter,
      // `?` is Shift+/ on one layout and Shift+, on another: match the character, any Shift.
      ignoreModifiers: byCharacter,
      ignoreEventWhen: shouldIgnoreShortcut,
      enableOnFormTags: false,
      enableOnContentEditable: false,
    },
  );
}
