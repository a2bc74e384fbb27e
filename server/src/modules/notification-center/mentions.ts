/**
 * @mentions in internal notes (docs/product.md "Mentions"): `@` followed by a staff member's full
 * name, as the dashboard's autocomplete inserts it (`@Alice Agent `). Matched against the
 * organization's active staff names without regard to case, the longest name first (so
 * `@Alex Anderson` is Alex Anderson, not Alex A), and only as whole words: the `@` does not follow
 * a letter, digit, `_` or `.` (an email address is no mention) and the name is not followed by a
 * letter, digit or `_`. Pure functions: the subscriber (notification-subscriber.ts) loads the names.
 */

/** A staff member a note may mention. */
export interface Mentionable {
  id: string;
  name: string;
}

/** A mention found in a text: who, and where its `@` is (an index into the text). */
export interface Mention {
  userId: string;
  index: number;
}

const WORD = /[\p{L}\p{N}_]/u;
const BEFORE_AT = /[\p{L}\p{N}_.]/u;

/**
 * The mentions of `text` among `staff`, in the order they appear, each person once (their first
 * mention). Names are compared trimmed and case-insensitively; empty names never match.
 */
export function findMentions(text: string, staff: readonly Mentionable[]): Mention[] {
  const candidates = staff
    .map((person) => ({ id: person.id, name: person.name.trim() }))
    .filter((person) => person.name.length > 0)
    .sort((a, b) => b.name.length - a.name.length);
  const found: Mention[] = [];
  const seen = new Set<string>();
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && BEFORE_AT.test(text[at - 1]!)) continue;
    const match = candidates.find((person) => {
      const end = at + 1 + person.name.length;
      if (end > text.length) return false;
      if (end < text.length && WORD.test(text[end]!)) return false;
      return text.slice(at + 1, end).toLowerCase() === person.name.toLowerCase();
    });
    if (!match || seen.has(match.id)) continue;
    seen.add(match.id);
    found.push({ userId: match.id, index: at });
  }
  return found;
}

/** Notifications keep a short plain-text excerpt: at most this many characters. */
export const EXCERPT_MAX_LENGTH = 200;

/**
 * A plain excerpt of `text`: with `index`, the line that index is on, else the whole text;
 * whitespace collapsed, cut to EXCERPT_MAX_LENGTH characters with an ellipsis; null when empty.
 */
export function excerptOf(text: string, index?: number): string | null {
  let line = text;
  if (index !== undefined) {
    const lineEnd = text.indexOf('\n', index);
    line = text.slice(text.lastIndexOf('\n', index) + 1, lineEnd === -1 ? undefined : lineEnd);
  }
  const plain = line.replace(/\s+/g, ' ').trim();
  if (!plain) return null;
  return plain.length <= EXCERPT_MAX_LENGTH
    ? plain
    : `${plain.slice(0, EXCERPT_MAX_LENGTH - 1).trimEnd()}…`;
}
