/**
 * Where a single-key shortcut must stay quiet (docs/product.md "Keyboard shortcuts"): while the
 * person types (a text field, a select, anything contenteditable) and while a dialog, a menu or a
 * list box has the focus (their own keys — type-ahead, arrows, Escape — win there).
 */

const TYPING_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton', 'slider']);
const OVERLAY = '[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]';

/** True when a key pressed in `target` is text being typed or a choice being made in a field. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    // A checkbox, radio or button takes no text: the keys stay free there.
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'range', 'color'].includes(
      type,
    );
  }
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  const role = target.getAttribute('role');
  return role !== null && TYPING_ROLES.has(role);
}

/** True when `target` sits in an open dialog, menu or list box. */
function isInOverlay(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(OVERLAY) !== null;
}

/**
 * True when a shortcut should ignore `event`: typed in a field, inside a dialog or menu, or
 * pressed with Ctrl, Alt or Meta (the browser's and the system's own shortcuts).
 */
export function shouldIgnoreShortcut(event: KeyboardEvent): boolean {
  return (
    event.ctrlKey ||
    event.metaKey ||
    event.altKey ||
    isTypingTarget(event.target) ||
    isInOverlay(event.target)
  );
}
