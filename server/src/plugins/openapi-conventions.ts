/**
 * The conventions every operation of the OpenAPI document shares, applied in one place instead of
 * repeated in each route (plugins/openapi.ts wires them into @fastify/swagger):
 *
 * - `operationId`: derived from the method and path (`GET /api/tickets` → `listTickets`,
 *   `POST /api/tickets/:id/responses` → `createTicketResponse`, `POST /api/tickets/:id/claim` →
 *   `claimTicket`), unless the route's schema names one (the override where the derived name
 *   reads poorly, e.g. `GET /api/tickets/counts` → `countTickets`). Unique in the document.
 * - Errors: every 4xx/5xx answer is RFC 9457 `application/problem+json` (plugins/problem-details.ts),
 *   declared as a shared response per status (`#/components/responses/NotFound`, …) with the
 *   `Problem` schema. Besides those a route declares, every operation may answer 500 and 503
 *   (load shedding, `Retry-After`); an authenticated one 401; one with parameters or a body 400
 *   (validation, unknown query parameters); one with a body 413 (over 1 MiB) and 415 (media
 *   type); one honouring `Idempotency-Key` 409 (`idempotency_in_progress`) and 422
 *   (`idempotency_key_reused`).
 * - Headers: `X-Request-Id` on every answer; `Retry-After` on 429 and 503 (and 409, where it is
 *   `idempotency_in_progress`); `ETag` on the 2xx answers of routes with `config.sendsETag`;
 *   the `Idempotency-Key` request header and the `Idempotent-Replayed` answer header on the POSTs
 *   that honour it (plugins/idempotency.ts); request header names in their usual case (`If-Match`).
 * - Query parameters that are lists are comma-separated (`status=OPEN,NEW`; a repeated parameter
 *   is refused): documented as arrays with `style: form, explode: false` (OpenAPI 3.1 §4.8.12.4).
 * - Security: each operation open to API keys lists the scope it needs, `[{bearerAuth: []},
 *   {apiKey: ['<scope>']}]`, and says it in its description; one closed to them lists only
 *   `bearerAuth` (the scopes: lib/api-key-scopes.ts, applied by plugins/api-key-scopes.ts).
 * - Schema components: the zod type provider registers each named schema twice, for requests
 *   (`…Input`) and responses; the document keeps one name where both are the same, the plain
 *   name where only the request side is used, and drops components nothing references.
 */
import { honoursIdempotencyKey } from './idempotency.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * true: this route's 2xx answers carry an `ETag` header (a ticket's version, a file's
     * SHA-256); declared in the OpenAPI document. The route sets the header itself.
     */
    sendsETag?: boolean;
  }
}

type Json = Record<string, unknown>;
type Operation = Json & {
  operationId?: string;
  security?: unknown[];
  parameters?: Json[];
  requestBody?: unknown;
  responses?: Record<string, Json>;
};
type OpenApiDocument = {
  paths?: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, unknown>;
  components?: {
    schemas?: Record<string, unknown>;
    responses?: Record<string, unknown>;
    parameters?: Record<string, unknown>;
    headers?: Record<string, unknown>;
  };
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Marks the route transform leaves on an operation for `applyOpenApiConventions`. */
const IDEMPOTENT_MARK = 'x-docket-idempotent';
const ETAG_MARK = 'x-docket-etag';

const pascal = (word: string) =>
  word
    .split(/[-_.]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
const camel = (word: string) => {
  const p = pascal(word);
  return p.charAt(0).toLowerCase() + p.slice(1);
};
const isPlural = (word: string) => /s$/.test(word) && !/ss$/.test(word);
const singular = (word: string) =>
  word.endsWith('ies') ? `${word.slice(0, -3)}y` : isPlural(word) ? word.slice(0, -1) : word;

/**
 * The operationId of `method url` (a Fastify path, `:param`, or an OpenAPI one, `{param}`), from
 * the REST shape of the path after `/api/`: a segment followed by a parameter names one item
 * (`tickets/:id` → `Ticket`). The verb:
 * - path ends with a parameter (one item): GET `get`, PATCH `update`, PUT `replace`, DELETE `delete`;
 * - path ends with a plural segment (a collection): GET `list`, POST `create` (one item);
 * - path ends with a singular segment: POST is an action on what precedes it
 *   (`tickets/:id/claim` → `claimTicket`); GET `get`, PUT `set`, DELETE `delete` it
 *   (`tickets/:id/presence` → `setTicketPresence`, `health` → `getHealth`).
 */
export function deriveOperationId(method: string, url: string): string {
  const segments = url
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean);
  const nouns: string[] = [];
  let endsWithParam = false;
  for (const segment of segments) {
    if (segment.startsWith(':') || segment.startsWith('{')) {
      if (nouns.length) nouns[nouns.length - 1] = singular(nouns[nouns.length - 1]!);
      endsWithParam = true;
    } else {
      nouns.push(segment);
      endsWithParam = false;
    }
  }
  const verb = method.toLowerCase();
  const all = nouns.map(pascal).join('');
  if (endsWithParam) {
    const verbs: Record<string, string> = {
      get: 'get',
      patch: 'update',
      put: 'replace',
      delete: 'delete',
      post: 'create',
    };
    return `${verbs[verb] ?? verb}${all}`;
  }
  const last = nouns[nouns.length - 1] ?? '';
  const parent = nouns.slice(0, -1).map(pascal).join('');
  if (isPlural(last)) {
    if (verb === 'get') return `list${all}`;
    if (verb === 'post') return `create${parent}${pascal(singular(last))}`;
  } else if (verb === 'post') {
    return `${camel(last)}${parent}`;
  } else if (verb === 'put') {
    return `set${all}`;
  }
  const verbs: Record<string, string> = { get: 'get', put: 'replace', patch: 'update' };
  return `${verbs[verb] ?? verb}${all}`;
}

/**
 * Wraps @fastify/swagger's route `transform`: the operation gets its operationId (the route's
 * own `schema.operationId`, else derived) and the marks `applyOpenApiConventions` reads
 * (honours `Idempotency-Key`; sends `ETag`).
 */
export function describeOperations<
  I extends { route: { method: string | string[]; url: string; config?: unknown } },
  O extends { schema: unknown },
>(transform: (input: I) => O): (input: I) => O {
  return (input) => {
    const out = transform(input);
    const schema = (out.schema ?? {}) as Json;
    if (schema.hide) return out;
    const method = [input.route.method].flat()[0] ?? 'GET';
    const config = (input.route.config ?? {}) as {
      idempotency?: boolean;
      sendsETag?: boolean;
      scope?: string;
    };
    return {
      ...out,
      schema: {
        ...schema,
        ...apiKeySecurity(config.scope, schema.description),
        operationId: schema.operationId ?? deriveOperationId(method, input.route.url),
        ...(honoursIdempotencyKey(method, input.route.url, config)
          ? { [IDEMPOTENT_MARK]: true }
          : {}),
        ...(config.sendsETag ? { [ETAG_MARK]: true } : {}),
      },
    };
  };
}

/**
 * The `security` of an operation from the API-key scope its route needs (`config.scope`,
 * plugins/api-key-scopes.ts), with a sentence saying it after the description: a scope →
 * `[{bearerAuth: []}, {apiKey: [scope]}]`; `none` → `[{bearerAuth: []}]` (no API key); `public`
 * or none given → nothing (the route's own `security`, `[]` for public ones).
 */
function apiKeySecurity(scope: string | undefined, description: unknown): Json {
  if (!scope || scope === 'public') return {};
  const before = typeof description === 'string' && description ? `${description}\n\n` : '';
  if (scope === 'none') {
    return {
      security: [{ bearerAuth: [] }],
      description: `${before}Signed-in users only: API keys get 403.`,
    };
  }
  return {
    security: [{ bearerAuth: [] }, { apiKey: [scope] }],
    description: `${before}API keys need the scope \`${scope}\`.`,
  };
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** Headers of answers, shared by every operation that sends them. */
const HEADERS: Record<string, Json> = {
  XRequestId: {
    description:
      'The id of the request, in the server logs too (quote it when reporting a problem): the `X-Request-Id` the client sent when it is 1–64 letters, digits, `_` or `-`, else a generated UUID.',
    schema: { type: 'string', maxLength: 64 },
  },
  RetryAfter: {
    description: 'Seconds to wait before trying again (RFC 9110 §10.2.3).',
    schema: { type: 'integer', minimum: 1 },
  },
  ETag: {
    description:
      'The version of what is answered, as an entity tag (RFC 9110 §8.8.3): a ticket\'s `version` (`"3"`), to send back in `If-Match`; a file\'s SHA-256.',
    schema: { type: 'string' },
  },
  IdempotentReplayed: {
    description:
      '`true` when this is the kept answer to an earlier request with the same `Idempotency-Key`: nothing ran again.',
    schema: { type: 'string', enum: ['true'] },
  },
  WWWAuthenticate: {
    description: 'The authentication scheme to use: `Bearer` (RFC 9110 §11.6.1).',
    schema: { type: 'string' },
  },
};
const HEADER_NAMES: Record<string, string> = {
  XRequestId: 'X-Request-Id',
  RetryAfter: 'Retry-After',
  ETag: 'ETag',
  IdempotentReplayed: 'Idempotent-Replayed',
  WWWAuthenticate: 'WWW-Authenticate',
};

/** The `Idempotency-Key` request header (plugins/idempotency.ts). */
const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: a second request with the same key, method, path and body within 24 hours gets the first answer again (`Idempotent-Replayed: true`) and nothing runs twice. The same key with another request: 422 `idempotency_key_reused`; while the first still runs: 409 `idempotency_in_progress` (`Retry-After`); when the first stopped without an answer on a route that cannot tell whether it was applied: 409 `idempotency_outcome_unknown`. 5xx answers are not kept.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
};

/** The shared problem response of each status: its component name and description. */
const PROBLEMS: Record<number, { name: string; description: string; headers?: string[] }> = {
  400: {
    name: 'BadRequest',
    description:
      'The request is invalid: `validation_failed` names each field, parameter or header at fault in `errors[]` (an unknown query parameter too); `malformed_json`.',
  },
  401: {
    name: 'Unauthorized',
    description: 'No credentials, or invalid or expired ones (`unauthorized`).',
    headers: ['WWWAuthenticate'],
  },
  403: {
    name: 'Forbidden',
    description:
      'The caller may not do this (`forbidden`): its role, or fields it may not set (named in `errors[]`).',
  },
  404: {
    name: 'NotFound',
    description: 'No such resource, or none the caller may see (`not_found`).',
  },
  405: { name: 'MethodNotAllowed', description: 'Method not allowed (`method_not_allowed`).' },
  406: {
    name: 'NotAcceptable',
    description: '`Accept` names no type this operation answers (`not_acceptable`).',
  },
  409: {
    name: 'Conflict',
    description:
      "The resource's state forbids this (the `code` says why, e.g. `ticket_closed`, `invalid_transition`, `already_claimed`), or a request with the same `Idempotency-Key` is still running (`idempotency_in_progress`, with `Retry-After`) or stopped without an answer (`idempotency_outcome_unknown`).",
    headers: ['RetryAfter'],
  },
  410: { name: 'Gone', description: 'The link has expired (`link_expired`).' },
  412: {
    name: 'PreconditionFailed',
    description:
      '`If-Match` names a version that is no longer the current one (`precondition_failed`): reload, then apply the change again.',
  },
  413: {
    name: 'PayloadTooLarge',
    description:
      'The body is over 1 MiB (`payload_too_large`), or a file or the number of files is over the limits (`file_too_large`, `too_many_files`).',
  },
  415: {
    name: 'UnsupportedMediaType',
    description:
      "The body's `Content-Type` is not one this operation takes (`unsupported_media_type`), or a file's content is of a type not accepted (`unsupported_file_type`).",
  },
  422: {
    name: 'UnprocessableContent',
    description:
      'Well-formed but not processable: an image too large or unreadable (`image_too_large`, `invalid_image`), or an `Idempotency-Key` already used with another request (`idempotency_key_reused`).',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many requests (`rate_limited`, …): retry after `Retry-After` seconds.',
    headers: ['RetryAfter'],
  },
  500: {
    name: 'InternalServerError',
    description:
      'An unexpected error on the server (`internal_error`); `detail` quotes the request id.',
  },
  503: {
    name: 'ServiceUnavailable',
    description:
      'The server is overloaded, shutting down or without its database for now (`service_unavailable`, `shutting_down`, `database_unavailable`): retry after `Retry-After` seconds.',
    headers: ['RetryAfter'],
  },
};

const SUCCESS_DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
};

const PROBLEM_SCHEMA_REFS = new Set([
  '#/components/schemas/Problem',
  '#/components/schemas/ProblemInput',
]);

function isProblemResponse(response: Json): boolean {
  const content = response.content as Record<string, { schema?: { $ref?: string } }> | undefined;
  const schemas = Object.values(content ?? {}).map((media) => media.schema?.$ref);
  return schemas.length > 0 && schemas.every((r) => r !== undefined && PROBLEM_SCHEMA_REFS.has(r));
}

/** `if-match` → `If-Match`: the usual spelling of an HTTP header name. */
function headerCase(name: string): string {
  const special: Record<string, string> = { etag: 'ETag', 'www-authenticate': 'WWW-Authenticate' };
  return (
    special[name.toLowerCase()] ??
    name
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
      .join('-')
  );
}

/**
 * Applies the conventions above to the whole document (@fastify/swagger's `transformObject`).
 * Mutates and returns `document`.
 */
export function applyOpenApiConventions<T>(document: T): T {
  const doc = document as OpenApiDocument;
  const components = (doc.components ??= {});
  const responses = (components.responses ??= {});
  const parameters = (components.parameters ??= {});
  const headers = (components.headers ??= {});

  const header = (name: string) => {
    headers[name] ??= HEADERS[name];
    return ref('headers', name);
  };
  const problem = (status: number) => {
    const known = PROBLEMS[status];
    if (!known) return undefined;
    responses[known.name] ??= {
      description: known.description,
      headers: Object.fromEntries(
        ['XRequestId', ...(known.headers ?? [])].map((name) => [HEADER_NAMES[name], header(name)]),
      ),
      content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } },
    };
    return ref('responses', known.name);
  };

  for (const pathItem of Object.values(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (!HTTP_METHODS.includes(method) || !operation) continue;
      const idempotent = operation[IDEMPOTENT_MARK] === true;
      const etag = operation[ETAG_MARK] === true;
      delete operation[IDEMPOTENT_MARK];
      delete operation[ETAG_MARK];

      const params = (operation.parameters ?? []).map((parameter) => {
        if (parameter.in === 'header' && typeof parameter.name === 'string') {
          return { ...parameter, name: headerCase(parameter.name) };
        }
        const schema = parameter.schema as Json | undefined;
        if (parameter.in === 'query' && schema?.type === 'array') {
          return { ...parameter, style: 'form', explode: false };
        }
        return parameter;
      });
      if (idempotent) {
        parameters.IdempotencyKey ??= IDEMPOTENCY_KEY_PARAMETER;
        params.push(ref('parameters', 'IdempotencyKey'));
      }
      if (params.length) operation.parameters = params;

      const answers = (operation.responses ??= {});
      const statuses = new Set([500, 503]);
      const anonymous = Array.isArray(operation.security) && operation.security.length === 0;
      if (!anonymous) statuses.add(401);
      if (params.length || operation.requestBody) statuses.add(400);
      if (operation.requestBody) [413, 415].forEach((s) => statuses.add(s));
      if (idempotent) [409, 422].forEach((s) => statuses.add(s));
      for (const status of statuses) {
        if (!(String(status) in answers)) answers[String(status)] = problem(status)!;
      }

      for (const [status, answer] of Object.entries(answers)) {
        if ('$ref' in answer) continue;
        const code = Number(status);
        if (code >= 400 && isProblemResponse(answer)) {
          const shared = problem(code);
          if (shared) {
            answers[status] = shared;
            continue;
          }
          answer.content = { 'application/problem+json': { schema: ref('schemas', 'Problem') } };
        }
        const success = code >= 200 && code < 300;
        answer.headers = {
          'X-Request-Id': header('XRequestId'),
          ...(success && etag ? { ETag: header('ETag') } : {}),
          ...(success && idempotent ? { 'Idempotent-Replayed': header('IdempotentReplayed') } : {}),
          ...(code === 429 || code === 503 ? { 'Retry-After': header('RetryAfter') } : {}),
          ...(answer.headers as Json | undefined),
        };
        if (answer.description === 'Default Response' && SUCCESS_DESCRIPTIONS[status]) {
          answer.description = SUCCESS_DESCRIPTIONS[status];
        }
      }
      operation.responses = Object.fromEntries(
        Object.entries(answers).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
  }

  tidySchemaComponents(doc);
  for (const kind of ['responses', 'parameters', 'headers'] as const) {
    if (Object.keys(components[kind] ?? {}).length === 0) delete components[kind];
  }
  return document;
}

/** Every `$ref` value under `value`. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else refsIn(child, found);
    }
  }
  return found;
}

/** Replaces `$ref` values by `rename(ref)` everywhere under `value`. */
function renameRefs(value: unknown, rename: (ref: string) => string): void {
  if (Array.isArray(value)) {
    for (const item of value) renameRefs(item, rename);
  } else if (value && typeof value === 'object') {
    const record = value as Json;
    for (const [key, child] of Object.entries(record)) {
      if (key === '$ref' && typeof child === 'string') record[key] = rename(child);
      else renameRefs(child, rename);
    }
  }
}

const SCHEMA_PREFIX = '#/components/schemas/';

/**
 * The schema components reachable from the operations, the webhooks and the other components
 * (following `$ref`s through schemas).
 */
function reachableSchemas(doc: OpenApiDocument): Set<string> {
  const schemas = doc.components?.schemas ?? {};
  const reached = new Set<string>();
  const pending = refsIn([
    doc.paths,
    doc.webhooks,
    doc.components?.responses,
    doc.components?.parameters,
    doc.components?.headers,
  ]);
  while (pending.length) {
    const target = pending.pop()!;
    if (!target.startsWith(SCHEMA_PREFIX)) continue;
    const name = target.slice(SCHEMA_PREFIX.length);
    if (reached.has(name) || !(name in schemas)) continue;
    reached.add(name);
    pending.push(...refsIn(schemas[name]));
  }
  return reached;
}

/**
 * One name per schema: `XInput` (the request side, from the zod type provider) becomes `X` where
 * `X` is unused or the same; components nothing references are dropped.
 */
function tidySchemaComponents(doc: OpenApiDocument): void {
  const schemas = doc.components?.schemas;
  if (!schemas) return;
  const prune = () => {
    const reached = reachableSchemas(doc);
    for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
  };
  prune();

  // Pairs (XInput, X) that are the same schema once every merged XInput is read as X: start
  // from all pairs and drop those that differ, until none changes (the largest consistent set).
  const pairs = new Set(
    Object.keys(schemas).filter((name) => name.endsWith('Input') && name.slice(0, -5) in schemas),
  );
  const asMerged = (value: unknown) =>
    JSON.stringify(value, (key, v) =>
      key === '$ref' && typeof v === 'string' && pairs.has(v.slice(SCHEMA_PREFIX.length))
        ? v.slice(0, -5)
        : v,
    );
  for (let changed = true; changed;) {
    changed = false;
    for (const name of pairs) {
      if (asMerged(schemas[name]) !== asMerged(schemas[name.slice(0, -5)])) {
        pairs.delete(name);
        changed = true;
      }
    }
  }
  // Request-side schemas with no response-side twin take the plain name.
  const renamed = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const plain = name.slice(0, -5);
    if (name.endsWith('Input') && !(plain in schemas)) renamed.set(name, plain);
  }
  for (const name of pairs) renamed.set(name, name.slice(0, -5));
  if (renamed.size === 0) return;
  renameRefs(doc, (target) => {
    const name = target.startsWith(SCHEMA_PREFIX) ? target.slice(SCHEMA_PREFIX.length) : '';
    const to = renamed.get(name);
    return to ? SCHEMA_PREFIX + to : target;
  });
  for (const [from, to] of renamed) {
    if (!pairs.has(from)) schemas[to] = schemas[from];
    delete schemas[from];
  }
  prune();
}
