/**
 * A received message (RFC 5322, MIME: RFC 2045–2049) → what the inbound pipeline needs: the
 * threading and loop-detection headers, the sender and recipients, the subject, the body (text
 * and HTML) and the files, each bounded. Parsed with mailparser's streaming `MailParser` (not
 * `simpleParser`, which holds every part in memory at once), so a 40 MB mail costs its files'
 * bytes once.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AddressObject, EmailAddress } from 'mailparser';

/** A mailbox (RFC 5322 `mailbox`): the address lower-cased, the display name if any. */
export interface MailAddress {
  address: string;
  name: string | null;
}

/** A file of the mail, read into memory up to the limit; `content` null when it was over it. */
export interface MailFile {
  fileName: string;
  contentType: string;
  size: number;
  content: Buffer | null;
}

export interface ParsedMail {
  /** The Message-ID header with its angle brackets, or null. */
  messageId: string | null;
  /** Message-IDs of In-Reply-To then References, most recent first, lower-cased, distinct. */
  threadIds: string[];
  from: MailAddress | null;
  /** To, Cc, Delivered-To and X-Original-To, lower-cased, distinct. */
  recipients: string[];
  /** The Cc addresses alone (a requester's Cc become the ticket's CCs). */
  cc: MailAddress[];
  subject: string;
  text: string | undefined;
  html: string | undefined;
  files: MailFile[];
  /** Header name (lower-case) → raw values, for the loop checks (mail-checks.ts). */
  headers: Map<string, string[]>;
  /** The envelope sender (Return-Path): '' for the null sender `<>` of bounces, null when absent. */
  returnPath: string | null;
  /** The top-level Content-Type (e.g. `multipart/report` for delivery reports). */
  contentType: string;
  /** SHA-256 (hex) of the header block: the mail's identity when it has no Message-ID. */
  headerDigest: string;
}

export interface ParseLimits {
  /** Bytes kept of one file; bigger files are listed with `content: null`. */
  maxFileBytes: number;
  /** Files kept at most; later ones are listed with `content: null`. */
  maxFiles: number;
}

/** Longest subject kept, in characters (RFC 5322 suggests 78 per line; 998 is the line limit). */
const MAX_SUBJECT = 998;
/** Longest body part kept, in characters. */
const MAX_BODY_CHARS = 2_000_000;
/** Message-IDs of a thread considered at most (a References header can be long). */
const MAX_THREAD_IDS = 50;

/** Text PostgreSQL can store: without NUL characters (which no mail text needs). */
const storable = (text: string) => text.replaceAll('\u0000', '');

/** Bytes read as the header block of a message with no empty line. */
const MAX_HEADER_BLOCK = 64 * 1024;

/** Where the header block of `raw` ends (its first empty line), or -1 when it has none. */
function headerEnd(raw: Buffer): number {
  const ends = [raw.indexOf('\r\n\r\n'), raw.indexOf('\n\n')].filter((i) => i >= 0);
  return ends.length ? Math.min(...ends) : -1;
}

/** The header block of `raw` (up to the first empty line), for the digest. */
function headerBlock(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  return raw.subarray(0, end >= 0 ? end : MAX_HEADER_BLOCK);
}

/**
 * SHA-256 (hex) of the header block of `raw`: a message's identity when it has no Message-ID
 * (what `parseMail` gives as `headerDigest`, for a message that could not be parsed).
 */
export function headerDigestOf(raw: Buffer): string {
  return createHash('sha256').update(headerBlock(raw)).digest('hex');
}

/**
 * The headers of `raw` alone (its body neither read nor kept): for a message too large or too
 * strange to parse whole, and to find its recipients. null when even they cannot be read.
 */
export async function parseHeaders(raw: Buffer): Promise<ParsedMail | null> {
  const end = headerEnd(raw);
  try {
    // With the line end that closes the last header.
    return await parseMail(raw.subarray(0, end >= 0 ? end + 2 : MAX_HEADER_BLOCK), {
      maxFileBytes: 0,
      maxFiles: 0,
    });
  } catch {
    return null;
  }
}

/** Message-IDs (`<…>`) in a header value, lower-cased. */
function messageIdsIn(value: unknown): string[] {
  const text = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  return (text.match(/<[^<>\s]{1,250}>/g) ?? []).map((id) => id.toLowerCase());
}

function addressesOf(value: unknown): MailAddress[] {
  const objects = (Array.isArray(value) ? value : value ? [value] : []) as AddressObject[];
  const out: MailAddress[] = [];
  const visit = (entry: EmailAddress) => {
    if (entry.group) entry.group.forEach(visit);
    else if (entry.address)
      out.push({
        address: storable(entry.address.toLowerCase()).slice(0, 320),
        name: storable(entry.name?.trim() ?? '').slice(0, 200) || null,
      });
  };
  for (const object of objects) object?.value?.forEach(visit);
  return out;
}

const firstString = (value: unknown): string | undefined => {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
};

/**
 * Parses `raw`. Raw header values are kept for the checks (`headers`); address headers are
 * decoded (RFC 2047 words) by mailparser.
 * @throws Error when the bytes are not a message mailparser can read (the caller suspends the
 * mail as `malformed`).
 */
export async function parseMail(raw: Buffer, limits: ParseLimits): Promise<ParsedMail> {
  // Loaded on the first mail, not at start: an instance that receives none never holds
  // mailparser and its encoding tables (4.2 MB of V8 heap, bench/README.md "Memory").
  const { MailParser } = await import('mailparser');
  const parser = new MailParser({
    skipImageLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    maxHtmlLengthToParse: MAX_BODY_CHARS,
  });
  const rawHeaders = new Map<string, string[]>();
  let parsed: Map<string, unknown> = new Map();
  let text: string | undefined;
  let html: string | undefined;
  const files: MailFile[] = [];

  parser.on('headerLines', (lines: { key: string; line: string }[]) => {
    for (const { key, line } of lines) {
      const value = line.slice(line.indexOf(':') + 1).trim();
      const list = rawHeaders.get(key) ?? [];
      if (list.length < 20) list.push(storable(value.slice(0, 4000)));
      rawHeaders.set(key, list);
    }
  });
  parser.on('headers', (headers: Map<string, unknown>) => {
    parsed = headers;
  });
  parser.on('data', (data: Record<string, unknown> & { type: string }) => {
    if (data.type === 'text') {
      if (typeof data.text === 'string') text = storable(data.text.slice(0, MAX_BODY_CHARS));
      if (typeof data.html === 'string') html = storable(data.html.slice(0, MAX_BODY_CHARS));
      return;
    }
    const attachment = data as unknown as {
      filename?: string;
      contentType?: string;
      content: Readable;
      release: () => void;
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = files.length < limits.maxFiles;
    attachment.content.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (keep && size <= limits.maxFileBytes) chunks.push(chunk);
    });
    attachment.content.on('end', () => {
      files.push({
        fileName: storable(attachment.filename ?? '').slice(0, 255) || 'attachment',
        contentType: attachment.contentType ?? 'application/octet-stream',
        size,
        content: keep && size <= limits.maxFileBytes ? Buffer.concat(chunks) : null,
      });
      attachment.release();
    });
  });

  await new Promise<void>((resolve, reject) => {
    parser.once('end', () => resolve());
    parser.once('error', reject);
    Readable.from([raw]).pipe(parser);
  });

  const from = addressesOf(parsed.get('from'))[0] ?? null;
  const cc = addressesOf(parsed.get('cc'));
  const recipients = new Set<string>();
  for (const key of ['to', 'cc', 'delivered-to']) {
    for (const entry of addressesOf(parsed.get(key))) recipients.add(entry.address);
  }
  for (const value of rawHeaders.get('x-original-to') ?? []) {
    const address = value.replace(/[<>\s]/g, '').toLowerCase();
    if (address.includes('@')) recipients.add(address);
  }
  const threadIds = [
    ...messageIdsIn(rawHeaders.get('in-reply-to')),
    ...messageIdsIn(rawHeaders.get('references')).reverse(),
  ];
  const returnPaths = rawHeaders.get('return-path');
  const contentType = parsed.get('content-type') as { value?: string } | undefined;
  const messageId = messageIdsIn(rawHeaders.get('message-id'))[0] ?? null;
  return {
    messageId: messageId
      ? storable(firstString(parsed.get('message-id')) ?? messageId).slice(0, 998)
      : null,
    threadIds: [...new Set(threadIds)].slice(0, MAX_THREAD_IDS),
    from,
    recipients: [...recipients],
    cc,
    subject: (firstString(parsed.get('subject')) ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_SUBJECT),
    text,
    html,
    files,
    headers: rawHeaders,
    returnPath: returnPaths ? (returnPaths[0] ?? '').replace(/[<>\s]/g, '').toLowerCase() : null,
    contentType: (contentType?.value ?? 'text/plain').toLowerCase(),
    headerDigest: headerDigestOf(raw),
  };
}
