/**
 * File uploads (docs/product.md "Attachments"): `multipart/form-data` on the routes that say
 * `config: { multipart: true }`, next to their JSON bodies, on the same paths.
 *
 * - Each file part is streamed to a temporary file under `<ATTACHMENT_DIR>/tmp` while its SHA-256
 *   and size are computed: no upload is ever held whole in memory. A file larger than
 *   ATTACHMENT_MAX_FILE_MB → 413 `file_too_large` naming it; more than
 *   ATTACHMENT_MAX_FILES_PER_REQUEST files → 413 `too_many_files`.
 * - The text fields become `request.body`, then validated by the route's own zod body schema,
 *   exactly as the JSON body is (`fieldsToBody`): a field whose schema is not a string (a boolean,
 *   a number, an object, an array) is sent as JSON text (`isInternal=true`, `tags=["a","b"]`);
 *   repeated fields make an array.
 * - The files are `request.uploads` (the route hands them to its service, which checks their
 *   content); the temporary files are removed when the answer is sent, whatever it is.
 * - A multipart request to a route that takes none → 415 `unsupported_media_type`.
 * - The caller is known before any part is read: the route's uploader (`config.uploader`, for a
 *   public route: e.g. the ticket of a tracking link, whose bad token answers 404/410 here), else
 *   the principal its `onRequest` authentication set, else authentication runs here (401 without
 *   reading a byte). Then, before the first file's bytes, the upload rate limits and storage
 *   quotas are checked (modules/attachments/upload-limits.ts: 429 `rate_limited` with
 *   Retry-After, 413 `storage_quota_exceeded`), and each file and each chunk is counted as it
 *   arrives: reading stops at the chunk that would pass a limit and the files already written are
 *   removed.
 * Malformed multipart is a 400 `malformed_multipart`; nothing here ever answers 5xx for input.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AttachmentsConfig } from '../config.js';
import { AppError, ValidationError } from '../lib/errors.js';
import { MAX_BODY_JSON_DEPTH, jsonNestingDepth } from '../lib/json-bounds.js';
import {
  createUploadLimits,
  uploaderOf,
  type UploadMeter,
  type Uploader,
} from '../modules/attachments/index.js';

/** A file received in a multipart request, on disk in the temporary folder. */
export interface Upload {
  /** The form field it came in. */
  field: string;
  /** The name the client gave (untrusted; sanitized before it is kept). */
  declaredName: string;
  /** The type the client declared (untrusted; the content decides). */
  declaredType: string;
  /** Absolute path of the temporary file. */
  path: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** true: this route also takes `multipart/form-data` (fields as its body, plus files). */
    multipart?: boolean;
    /**
     * For a multipart route without a signed-in caller: who uploads (for the upload limits),
     * found from the request before any part is read; throws to refuse the request (the route's
     * own 401/404). Default: the principal of `app.authenticate`.
     */
    uploader?: (request: FastifyRequest) => Promise<Uploader>;
  }
  interface FastifyRequest {
    /** The files of a multipart request (undefined for a JSON request). */
    uploads?: Upload[];
  }
}

/** 413 `file_too_large`: one file is over ATTACHMENT_MAX_FILE_MB. */
export class FileTooLargeError extends AppError {
  constructor(fileName: string, maxBytes: number) {
    super(
      413,
      'file_too_large',
      'File too large',
      `"${fileName}" is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB, the largest file accepted`,
      [{ path: 'files', message: `larger than ${maxBytes} bytes` }],
    );
  }
}

const FIELD_SIZE_LIMIT = 1024 * 1024;
const FIELDS_LIMIT = 50;

type ZodLike = { _zod: { def: { type: string; innerType?: ZodLike; in?: ZodLike } } };

/** The kind of value a body field holds, through optional/default/nullable/pipe wrappers. */
function fieldKind(schema: unknown): string {
  let current = schema as ZodLike | undefined;
  for (let depth = 0; current?._zod && depth < 10; depth++) {
    const def = current._zod.def;
    if (['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe') {
      current = def.in;
    } else {
      return def.type;
    }
  }
  return 'unknown';
}

/**
 * Multipart text fields → the body the route's schema validates. `shape` is the zod object
 * shape of the JSON body (or undefined when the route has none). Strings and enums are taken as
 * they are; arrays from repeated fields (or one JSON array); anything else is parsed as JSON,
 * and left as text when it is not JSON, so the schema names the field in its 400.
 */
export function fieldsToBody(
  shape: Record<string, unknown> | undefined,
  fields: Map<string, string[]>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const parse = (text: string): unknown => {
    // Nested deeper than any body may be: left as text, so the schema refuses the field.
    if (jsonNestingDepth(text, MAX_BODY_JSON_DEPTH) > MAX_BODY_JSON_DEPTH) return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  };
  for (const [name, values] of fields) {
    const kind = shape && Object.hasOwn(shape, name) ? fieldKind(shape[name]) : 'string';
    if (kind === 'array') {
      body[name] =
        values.length === 1 && values[0]!.trim().startsWith('[') ? parse(values[0]!) : values;
    } else if (values.length > 1) {
      body[name] = values;
    } else if (kind === 'string' || kind === 'enum' || kind === 'literal') {
      body[name] = values[0];
    } else {
      body[name] = parse(values[0]!);
    }
  }
  return body;
}

/** Removes the temporary files of a request (idempotent). */
async function removeUploads(request: FastifyRequest): Promise<void> {
  const uploads = request.uploads ?? [];
  await Promise.all(uploads.map((u) => rm(u.path, { force: true }).catch(() => undefined)));
}

/**
 * Streams one file part to `<tmpDir>/<uuid>` (mode 0600), hashing and counting on the way, and
 * syncs it to disk (a crash after this point leaves a whole file or none).
 * @returns the Upload, or `truncated: true` when the part went past the size limit (the bytes
 * beyond it were drained, not stored).
 */
async function receiveFile(
  part: { file: NodeJS.ReadableStream & { truncated?: boolean }; fieldname: string },
  meta: { filename: string; mimetype: string },
  tmpDir: string,
  onPath: (filePath: string) => void,
  limits: UploadMeter,
): Promise<{ upload: Upload; truncated: boolean }> {
  const filePath = path.join(tmpDir, randomUUID());
  onPath(filePath);
  const hash = createHash('sha256');
  let size = 0;
  // Each chunk is counted against the upload limits before it is written: past one, the
  // pipeline fails and nothing more is read.
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      limits.addBytes(chunk.length).then(() => callback(null, chunk), callback);
    },
  });
  // `flush`: the file is synced to disk before it is closed.
  await pipeline(
    part.file,
    meter,
    createWriteStream(filePath, { flags: 'wx', mode: 0o600, flush: true }),
  );
  return {
    upload: {
      field: part.fieldname,
      declaredName: meta.filename,
      declaredType: meta.mimetype,
      path: filePath,
      size,
      sha256: hash.digest('hex'),
    },
    truncated: part.file.truncated === true,
  };
}

/**
 * A request refused before its body was read to the end: the connection is closed once the
 * answer is sent (`Connection: close`, RFC 9112 §9.6), so that the rest of the body is not
 * received at all (Node would otherwise read and discard it to reuse the connection).
 */
function closeAfterAnswer(reply: FastifyReply): void {
  reply.header('Connection', 'close');
}

/** @fastify/multipart's and busboy's errors → problems (never a 5xx). */
function multipartProblem(error: unknown, config: AttachmentsConfig): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT') {
    return new AppError(
      413,
      'too_many_files',
      'Too many files',
      `At most ${config.maxFilesPerRequest} files may be sent in one request`,
      [{ path: 'files', message: `at most ${config.maxFilesPerRequest} files` }],
    );
  }
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new AppError(413, 'too_many_fields', 'Too many fields', 'The form has too many fields');
  }
  if (code === 'FST_PROTO_VIOLATION') {
    return new ValidationError('A field name is not allowed', [
      { path: 'body', message: 'reserved field name' },
    ]);
  }
  const message = error instanceof Error ? error.message : 'malformed multipart body';
  return new AppError(
    400,
    'malformed_multipart',
    'Malformed multipart body',
    `The multipart/form-data body could not be read: ${message}`,
  );
}

async function multipart(app: FastifyInstance, opts: { attachments: AttachmentsConfig }) {
  const config = opts.attachments;
  const uploadLimits = createUploadLimits({ db: app.prisma, store: app.limits, config });
  const tmpDir = path.join(config.dir, 'tmp');
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: config.maxFileBytes,
      files: config.maxFilesPerRequest,
      fields: FIELDS_LIMIT,
      fieldSize: FIELD_SIZE_LIMIT,
      parts: FIELDS_LIMIT + config.maxFilesPerRequest,
      headerPairs: 200,
    },
  });

  app.addHook('preValidation', async (request, reply) => {
    if (!request.isMultipart()) return;
    if (request.routeOptions.config.multipart !== true) {
      throw new AppError(
        415,
        'unsupported_media_type',
        'Unsupported media type',
        'This route takes application/json; files are accepted on the routes that say so',
      );
    }
    // Who uploads, before a byte of the body is read (401/404/410 leave it unread).
    const routeUploader = request.routeOptions.config.uploader;
    let uploader: Uploader;
    try {
      if (routeUploader) {
        uploader = await routeUploader(request);
      } else {
        if (!request.principal) await app.authenticate.call(app, request, reply);
        uploader = uploaderOf(request.principal);
      }
    } catch (error) {
      closeAfterAnswer(reply);
      throw error;
    }
    const uploads: Upload[] = [];
    request.uploads = uploads;
    const fields = new Map<string, string[]>();
    let partial: string | undefined;
    let meter: UploadMeter | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (part.valueTruncated) {
            throw new AppError(
              413,
              'field_too_large',
              'Field too large',
              `"${part.fieldname}" is too long`,
              [{ path: part.fieldname, message: `longer than ${FIELD_SIZE_LIMIT} bytes` }],
            );
          }
          const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
          fields.set(part.fieldname, [...(fields.get(part.fieldname) ?? []), value]);
          continue;
        }
        // The limits are read at the first file (a form of fields only costs nothing), and each
        // file counts before its bytes are read.
        meter ??= await uploadLimits.begin(uploader);
        await meter.startFile();
        const { upload, truncated } = await receiveFile(
          part,
          { filename: part.filename, mimetype: part.mimetype },
          tmpDir,
          (p) => (partial = p),
          meter,
        );
        uploads.push(upload);
        partial = undefined;
        if (truncated) throw new FileTooLargeError(part.filename || 'file', config.maxFileBytes);
      }
      await meter?.finish();
    } catch (error) {
      if (partial) await rm(partial, { force: true }).catch(() => undefined);
      await removeUploads(request);
      closeAfterAnswer(reply);
      throw multipartProblem(error, config);
    }
    const bodySchema = request.routeOptions.schema?.body as
      { shape?: Record<string, unknown> } | undefined;
    if (bodySchema) request.body = fieldsToBody(bodySchema.shape, fields);
    else if (fields.size) {
      throw new ValidationError('This route takes files only', [
        ...[...fields.keys()].map((name) => ({ path: name, message: 'unknown field' })),
      ]);
    }
  });

  app.addHook('onResponse', removeUploads);
  app.addHook('onRequestAbort', removeUploads);
}

export default fp(multipart, {
  name: 'multipart',
  dependencies: ['prisma', 'auth', 'rate-limit'],
  fastify: '5.x',
});

/** Marks, in the OpenAPI document, the operations of routes with `config.multipart`. */
const MULTIPART_MARK = 'x-docket-multipart';

/**
 * Wraps @fastify/swagger's route `transform` so that the operations of multipart routes carry a
 * mark, turned into a `multipart/form-data` request body by `addMultipartRequestBodies`.
 */
export function markMultipartRoutes<
  I extends { route: { config?: unknown } },
  O extends { schema: unknown },
>(transform: (input: I) => O): (input: I) => O {
  return (input) => {
    const out = transform(input);
    const config = input.route.config as { multipart?: boolean } | undefined;
    return config?.multipart
      ? { ...out, schema: { ...(out.schema as object), [MULTIPART_MARK]: true } }
      : out;
  };
}

type OpenApiDoc = {
  paths?: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
};

/**
 * Adds `multipart/form-data` next to `application/json` in the request body of each marked
 * operation: the JSON body's fields (non-string ones as JSON text) plus `files`, one part per file.
 */
export function addMultipartRequestBodies<T>(document: T): T {
  const doc = document as OpenApiDoc;
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      if (!operation || !(MULTIPART_MARK in operation)) continue;
      delete operation[MULTIPART_MARK];
      const body = (operation.requestBody ?? { required: true, content: {} }) as {
        content: Record<string, { schema?: Record<string, unknown> }>;
        description?: string;
      };
      let json = body.content['application/json']?.schema;
      const ref = typeof json?.$ref === 'string' ? json.$ref : undefined;
      if (ref?.startsWith('#/components/schemas/')) {
        json = doc.components?.schemas?.[ref.slice('#/components/schemas/'.length)];
      }
      const properties = (json?.properties ?? {}) as Record<string, unknown>;
      body.content['multipart/form-data'] = {
        schema: {
          type: 'object',
          description:
            'The fields of the JSON body as form fields (booleans, numbers, objects and arrays as JSON text; arrays also as repeated fields), plus the files.',
          properties: {
            ...properties,
            files: {
              type: 'array',
              items: { type: 'string', contentMediaType: 'application/octet-stream' },
              description: 'The files, one part each',
            },
          },
          ...(Array.isArray(json?.required) ? { required: json.required } : {}),
        },
      };
      operation.requestBody = body;
    }
  }
  return document;
}
