/**
 * Where a mention is being typed (docs/product.md "Mentions"): the `@` before the caret and the
 * text typed after it, when the `@` starts a word and the text is short and on one line.
 */
export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** What follows it up to the caret ("ali"). */
  query: string;
}

const MAX_QUERY_LENGTH = 40;

/** The mention typed at `caret` in `text`, or null. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const at = text.lastIndexOf('@', caret - 1);
  if (at === -1) return null;
  const query = text.slice(at + 1, caret);
  if (query.length > MAX_QUERY_LENGTH || /[\n@]/.test(query)) return null;
  if (at > 0 && /[\p{L}\p{N}_.]/u.test(text[at - 1]!)) return null;
  return { start: at, query };
}

/**
 * The people whose name matches `query` (case-insensitive): the whole name or one of its words
 * starts with it; at most `limit`, names starting with it first.
 */
export function matchPeople<P extends { name: string }>(
  people: readonly P[],
  query: string,
  limit = 8,
): P[] {
  const q = query.toLocaleLowerCase();
  const starts: P[] = [];
  const words: P[] = [];
  for (const person of people) {
    const name = person.name.toLocaleLowerCase();
    if (name.startsWith(q)) starts.push(person);
    else if (name.split(/\s+/).some((word) => word.startsWith(q))) words.push(person);
  }
  return [...starts, ...words].slice(0, limit);
}

/** `text` with the mention at `mention` replaced by `@Full Name ` and where the caret goes after it. */
export function insertMention(
  text: string,
  mention: MentionQuery,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  const rest = text.slice(caret).replace(/^ /, '');
  return {
    text: text.slice(0, mention.start) + inserted + rest,
    caret: mention.start + inserted.length,
  };
}
