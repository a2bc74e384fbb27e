/**
 * Bounds on free-form JSON. A free JSON field (a ticket's `metadata`, `customFields`,
 * `externalRefs`) is copied into activity rows, events and every list page that shows the
 * ticket, so its size multiplies; without a bound one caller can make a single list response
 * outgrow the server's heap. Two layers:
 *
 * - `jsonNestingDepth(text)`: the deepest nesting of a JSON text, found by one linear scan before
 *   it is parsed, so that a body nested thousands of levels deep is refused with a 400 instead of
 *   overflowing the stack of whatever walks it later (the JSON body parser uses it);
 * - `boundedJsonObject(bounds)`: a zod schema for a JSON object whose serialized size (UTF-8
 *   bytes), key count (all levels together) and depth are bounded; a breach is a 400 naming the
 *   field and the bound.
 */
import { z } from 'zod';

/** The limits of one free JSON field. */
export interface JsonBounds {
  /** Serialized size, UTF-8 bytes of `JSON.stringify(value)`. */
  maxBytes: number;
  /** Keys of every object in the value, all levels counted together. */
  maxKeys: number;
  /** Nesting depth: `{}` is 1, `{"a": {}}` is 2; arrays count like objects. */
  maxDepth: number;
}

/** Default bounds of a free JSON field on a ticket: 16 KiB, 100 keys, 10 levels. */
export const FREE_JSON_BOUNDS: JsonBounds = { maxBytes: 16 * 1024, maxKeys: 100, maxDepth: 10 };

/** Deepest nesting of a whole JSON request body: free fields (10) plus the body's own levels. */
export const MAX_BODY_JSON_DEPTH = 32;

/**
 * The deepest `{`/`[` nesting of a JSON text, strings skipped (escapes honoured). Linear time,
 * constant memory, no recursion; the text need not be valid JSON (the parser judges that).
 * Stops counting once `stopAbove` is exceeded and returns that depth.
 */
export function jsonNestingDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return deepest;
}

/** Key count and depth of a parsed JSON value, iteratively (no recursion on hostile input). */
function measure(value: unknown): { keys: number; depth: number } {
  let keys = 0;
  let depth = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, level] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    depth = Math.max(depth, level);
    const children = Array.isArray(node) ? node : Object.values(node);
    if (!Array.isArray(node)) keys += children.length;
    for (const child of children) stack.push([child, level + 1]);
  }
  return { keys, depth };
}

/**
 * A zod schema for a JSON object within `bounds`; a breach adds one issue at the field's own
 * path (so the 400 names e.g. `metadata`) saying which bound it broke and by how much.
 */
export function boundedJsonObject<T extends z.ZodType = z.ZodUnknown>(
  bounds: JsonBounds = FREE_JSON_BOUNDS,
  values?: T,
) {
  return z
    .record(z.string().max(200), (values ?? z.unknown()) as T)
    .superRefine((value, ctx) => {
      const { keys, depth } = measure(value);
      if (depth > bounds.maxDepth) {
        ctx.addIssue({
          code: 'custom',
          message: `nested ${depth} levels deep; at most ${bounds.maxDepth} allowed`,
        });
        return;
      }
      if (keys > bounds.maxKeys) {
        ctx.addIssue({
          code: 'custom',
          message: `has ${keys} keys (all levels); at most ${bounds.maxKeys} allowed`,
        });
        return;
      }
      const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
      if (bytes > bounds.maxBytes) {
        ctx.addIssue({
          code: 'custom',
          message: `is ${bytes} bytes as JSON; at most ${bounds.maxBytes} allowed`,
        });
      }
    })
    .describe(
      `A JSON object of at most ${bounds.maxBytes} bytes serialized, ${bounds.maxKeys} keys (all levels) and ${bounds.maxDepth} levels`,
    );
}
