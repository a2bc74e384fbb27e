import { useCallback, useEffect, useId, useMemo, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useMentionableStaff } from '../api/staff';
import {
  insertMention,
  matchPeople,
  mentionQueryAt,
  type MentionQuery,
} from '../utils/mention-query';
import './notification-center.css';

interface Options {
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  value: string;
  onChange: (value: string) => void;
  enabled: boolean;
}

/**
 * @mention autocomplete on a textarea it does not own (docs/product.md "Mentions"): while the
 * text before the caret is `@` and the start of a staff member's name, a listbox of matching
 * active staff shows; ArrowDown/ArrowUp move, Enter or Tab insert `@Full Name ` (the form the
 * server recognises), Escape closes it. The textarea gets the combobox attributes
 * (`aria-autocomplete`, `aria-controls`, `aria-expanded`, `aria-activedescendant`); its own key
 * handlers do not see the keys the open list uses.
 */
export function useMentionAutocomplete({ textareaRef, value, onChange, enabled }: Options) {
  const listboxId = useId();
  const staff = useMentionableStaff(enabled);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

  const mention: MentionQuery | null =
    enabled && caret !== null ? mentionQueryAt(value, caret) : null;
  const options = useMemo(
    () => (mention && staff.data ? matchPeople(staff.data, mention.query) : []),
    [mention?.query, mention?.start, staff.data], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const open = mention !== null && options.length > 0 && dismissedAt !== mention.start;
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  const choose = useCallback(
    (name: string) => {
      const textarea = textareaRef.current;
      if (!mention || caret === null) return;
      const next = insertMention(value, mention, caret, name);
      onChange(next.text);
      setCaret(next.caret);
      // This `@` is done: the list stays closed until another one is typed.
      setDismissedAt(mention.start);
      requestAnimationFrame(() => {
        textarea?.focus();
        textarea?.setSelectionRange(next.caret, next.caret);
      });
    },
    [textareaRef, mention, caret, value, onChange],
  );

  // Follow the caret: typing, clicking and arrow keys move it.
  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea || !enabled) return;
    const track = () => {
      setCaret(textarea.selectionStart === textarea.selectionEnd ? textarea.selectionStart : null);
      setActive(0);
    };
    const blur = () => setCaret(null);
    textarea.addEventListener('input', track);
    textarea.addEventListener('click', track);
    textarea.addEventListener('keyup', track);
    textarea.addEventListener('blur', blur);
    return () => {
      textarea.removeEventListener('input', track);
      textarea.removeEventListener('click', track);
      textarea.removeEventListener('keyup', track);
      textarea.removeEventListener('blur', blur);
    };
  }, [textareaRef, enabled]);

  // The keys of the open list, on the textarea itself, before the page's own handlers.
  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea || !open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing) return;
      let handled = true;
      if (event.key === 'ArrowDown') setActive((activeIndex + 1) % options.length);
      else if (event.key === 'ArrowUp') {
        setActive((activeIndex - 1 + options.length) % options.length);
      } else if (event.key === 'Enter' || event.key === 'Tab') {
        const person = options[activeIndex];
        if (person) choose(person.name);
      } else if (event.key === 'Escape') setDismissedAt(mention.start);
      else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    const onKeyUp = (event: KeyboardEvent) => {
      // The list's own keys must not move the caret tracking (ArrowUp/Down would reset it).
      if (['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(event.key)) {
        event.stopImmediatePropagation();
      }
    };
    textarea.addEventListener('keydown', onKeyDown);
    textarea.addEventListener('keyup', onKeyUp, { capture: true });
    return () => {
      textarea.removeEventListener('keydown', onKeyDown);
      textarea.removeEventListener('keyup', onKeyUp, { capture: true });
    };
  }, [textareaRef, open, options, activeIndex, choose, mention]);

  // The combobox attributes of the textarea.
  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea || !enabled) return;
    textarea.setAttribute('aria-autocomplete', 'list');
    textarea.setAttribute('aria-expanded', String(open));
    if (open) {
      textarea.setAttribute('aria-controls', listboxId);
      textarea.setAttribute('aria-activedescendant', `${listboxId}-${activeIndex}`);
    } else {
      textarea.removeAttribute('aria-controls');
      textarea.removeAttribute('aria-activedescendant');
    }
  }, [textareaRef, enabled, open, listboxId, activeIndex]);

  return { open, options, activeIndex, listboxId, choose };
}

/**
 * The autocomplete's listbox, placed after the textarea: `<MentionAutocomplete textareaRef
 * value onChange enabled />` is the whole integration (see useMentionAutocomplete).
 */
export function MentionAutocomplete(props: Options) {
  const { t } = useTranslation();
  const { open, options, activeIndex, listboxId, choose } = useMentionAutocomplete(props);
  if (!open) return null;
  return (
    <ul
      id={listboxId}
      role="listbox"
      className="mention-listbox"
      aria-label={t('notificationCenter.mentionList')}
    >
      {options.map((person, index) => (
        <li
          key={person.id}
          id={`${listboxId}-${index}`}
          role="option"
          aria-selected={index === activeIndex}
          className="mention-listbox__option"
          // Keep the focus in the textarea.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => choose(person.name)}
        >
          {person.name}
        </li>
      ))}
    </ul>
  );
}
