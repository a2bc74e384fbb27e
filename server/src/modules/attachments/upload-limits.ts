/**
 * Upload rate limits and storage quotas: no account and no organization may fill the disk.
 *
 * - Rate (per window of ATTACHMENT_UPLOAD_WINDOW_SECONDS, default one hour), counted in the shared
 *   limit store (lib/limit-store.ts, `app.limits`) under `upload:files:account:<account>`,
 *   `upload:bytes:account:<account>`, `upload:files:org:<organizationId>` and
 *   `upload:bytes:org:<organizationId>`: files and bytes received per account
 *   (ATTACHMENT_UPLOAD_FILES_PER_ACCOUNT, ATTACHMENT_UPLOAD_MB_PER_ACCOUNT; defaults 50 files and
 *   200 MiB) and per organization (…_PER_ORGANIZATION; 500 files and 2 GiB). Every byte received
 *   counts, whether the file is then stored or refused for its content, so junk costs the sender
 *   as much as real files. Past a limit: 429 `rate_limited` with `Retry-After` (seconds until the
 *   window ends; RFC 9110 §10.2.3), naming `files`.
 * - Quota: the bytes of an organization's live attachments (not removed) and of the live
 *   attachments a user uploaded (ATTACHMENT_QUOTA_MB_PER_ORGANIZATION, default 10 GiB;
 *   ATTACHMENT_QUOTA_MB_PER_ACCOUNT, default 1 GiB). Past one: 413 `storage_quota_exceeded`
 *   naming `files`. Summed by the indexes on (organizationId, deletedAt, sizeBytes) and
 *   (uploadedById, deletedAt, sizeBytes), read without touching the table.
 * - An "account" is a signed-in user (`user:<id>`), an API key (`key:<id>`), or, for a reply
 *   through a tracking link, the ticket's requester when they have an account, else the client
 *   address and the ticket together (`guest:<ip>|<ticketId>`). Only users have a storage quota
 *   of their own (attachments record the uploading user, not keys or guests); everyone's files
 *   count against their organization's.
 *
 * `begin` checks before the first byte of a request's files is read (plugins/multipart.ts), the
 * meter it returns counts each file and the bytes as they arrive, refusing at the first chunk that
 * would pass a limit (the request's temporary files are then removed). `assertStorageQuota` checks
 * again inside the transaction that records the files, against rows committed meanwhile. Two
 * requests recording at the same instant may together pass a quota by what they carry; the rate
 * limits, counted in one store, bound that.
 */
import type { AttachmentsConfig } from '../../config.js';
import type { Db } from '../../lib/db.js';
import { AppError, RateLimitedError } from '../../lib/errors.js';
import type { LimitStore } from '../../lib/limit-store.js';
import { userIdOf, type Principal } from '../../lib/principal.js';
import {
  sumOrganizationAttachmentBytes,
  sumUploadedAttachmentBytes,
} from './attachment-usage.repository.js';

/** Who is uploading, for the limits. */
export interface Uploader {
  organizationId: string;
  /** The rate-limit account: `user:<id>`, `key:<id>` or `guest:<client>|<ticketId>`. */
  account: string;
  /** The user whose stored files count against the account quota (`uploadedById`); null: none. */
  userId: string | null;
}

/** The uploader behind a signed-in user or an API key. */
export function uploaderOf(principal: Principal): Uploader {
  return {
    organizationId: principal.organizationId,
    account: principal.kind === 'user' ? `user:${principal.id}` : `key:${principal.id}`,
    userId: userIdOf(principal),
  };
}

const MIB = 1024 * 1024;
const describeBytes = (bytes: number) =>
  bytes >= 1024 * MIB
    ? `${Math.round((bytes / (1024 * MIB)) * 10) / 10} GiB`
    : `${Math.round((bytes / MIB) * 10) / 10} MiB`;
const describeWindow = (ms: number) =>
  ms % 3_600_000 === 0
    ? ms === 3_600_000
      ? 'hour'
      : `${ms / 3_600_000} hours`
    : ms % 60_000 === 0
      ? `${ms / 60_000} minutes`
      : `${ms / 1000} seconds`;

/**
 * 429 `rate_limited` for uploads, naming `files`, with `Retry-After`: the same problem as every
 * rate limit (lib/errors.ts RateLimitedError).
 */
export class UploadRateLimitedError extends RateLimitedError {
  constructor(retryAfterSeconds: number, what: string) {
    super(
      retryAfterSeconds,
      (seconds) =>
        `Upload limit reached: ${what}; retry in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      [{ path: 'files', message: what }],
    );
  }
}

/** 413 `storage_quota_exceeded`: the files would take the organization or the user past its quota. */
export class StorageQuotaExceededError extends AppError {
  constructor(scope: 'organization' | 'account', quotaBytes: number, usedBytes: number) {
    const whose = scope === 'organization' ? "Your organization's" : 'Your';
    super(
      413,
      'storage_quota_exceeded',
      'Storage quota exceeded',
      `${whose} files would take more than ${describeBytes(quotaBytes)} of storage (${describeBytes(usedBytes)} in use). Remove files no longer needed, or ask an administrator.`,
      [{ path: 'files', message: `${scope} storage quota of ${quotaBytes} bytes` }],
    );
  }
}

/** Bytes of live attachments of the organization and (when `userId`) uploaded by the user. */
export async function storageUsage(
  db: Db,
  owner: { organizationId: string; userId: string | null },
): Promise<{ organization: number; account: number }> {
  const [organization, account] = await Promise.all([
    sumOrganizationAttachmentBytes(db, owner.organizationId),
    owner.userId ? sumUploadedAttachmentBytes(db, owner.userId) : null,
  ]);
  return {
    organization: Number(organization ?? 0),
    account: Number(account ?? 0),
  };
}

/**
 * Throws 413 `storage_quota_exceeded` when `addedBytes` more would take the organization or the
 * user (`userId`, when not null) past its quota (`quota`; 0: unlimited). Run in the transaction
 * that records the files.
 */
export async function assertStorageQuota(
  db: Db,
  quota: AttachmentsConfig['quota'],
  owner: { organizationId: string; userId: string | null },
  addedBytes: number,
): Promise<void> {
  if (!quota.organizationBytes && !(quota.accountBytes && owner.userId)) return;
  const used = await storageUsage(db, {
    organizationId: owner.organizationId,
    userId: quota.accountBytes ? owner.userId : null,
  });
  if (quota.organizationBytes && used.organization + addedBytes > quota.organizationBytes) {
    throw new StorageQuotaExceededError('organization', quota.organizationBytes, used.organization);
  }
  if (quota.accountBytes && owner.userId && used.account + addedBytes > quota.accountBytes) {
    throw new StorageQuotaExceededError('account', quota.accountBytes, used.account);
  }
}

/** Counts one request's files and bytes as they are received; see `UploadLimits.begin`. */
export interface UploadMeter {
  /** Before a file's bytes are read: counts it. @throws UploadRateLimitedError */
  startFile(): Promise<void>;
  /**
   * `bytes` more received: counts them.
   * @throws UploadRateLimitedError, StorageQuotaExceededError once a limit would be passed.
   */
  addBytes(bytes: number): Promise<void>;
  /** After the last file: writes the bytes still uncounted to the store. */
  finish(): Promise<void>;
}

/** Bytes counted locally before they are added to the store (fewer store calls per file). */
const FLUSH_BYTES = MIB;

/** A limit a request can reach: its store key (rate) or none (quota), and what to refuse with. */
interface ByteLimit {
  /** Bytes this request may still receive under the limit. */
  remaining: number;
  refuse: () => Promise<AppError>;
}

export function createUploadLimits(deps: {
  db: Db;
  store: LimitStore;
  config: Pick<AttachmentsConfig, 'uploadRate' | 'quota'>;
}) {
  const { store } = deps;
  const rate = deps.config.uploadRate;
  const quota = deps.config.quota;

  /**
   * Checks that `uploader` may upload at all (no rate limit reached, no quota full) and returns
   * the meter of this request's files.
   * @throws UploadRateLimitedError (429), StorageQuotaExceededError (413)
   */
  async function begin(uploader: Uploader): Promise<UploadMeter> {
    const window = describeWindow(rate.windowMs);
    const counters = {
      accountFiles: {
        key: `upload:files:account:${uploader.account}`,
        max: rate.accountFiles,
        what: `at most ${rate.accountFiles} files per ${window} per account`,
      },
      accountBytes: {
        key: `upload:bytes:account:${uploader.account}`,
        max: rate.accountBytes,
        what: `at most ${describeBytes(rate.accountBytes)} per ${window} per account`,
      },
      organizationFiles: {
        key: `upload:files:org:${uploader.organizationId}`,
        max: rate.organizationFiles,
        what: `at most ${rate.organizationFiles} files per ${window} per organization`,
      },
      organizationBytes: {
        key: `upload:bytes:org:${uploader.organizationId}`,
        max: rate.organizationBytes,
        what: `at most ${describeBytes(rate.organizationBytes)} per ${window} per organization`,
      },
    };
    const active = Object.values(counters).filter((c) => c.max > 0);
    const totals = new Map<string, number>();
    for (const counter of active) {
      const { total, resetInMs } = await store.peek(counter.key);
      if (total >= counter.max) throw new UploadRateLimitedError(resetInMs / 1000, counter.what);
      totals.set(counter.key, total);
    }

    const limits: ByteLimit[] = [];
    for (const counter of [counters.accountBytes, counters.organizationBytes]) {
      if (counter.max <= 0) continue;
      limits.push({
        remaining: counter.max - (totals.get(counter.key) ?? 0),
        refuse: async () =>
          new UploadRateLimitedError(
            (await store.peek(counter.key)).resetInMs / 1000,
            counter.what,
          ),
      });
    }
    const userId = quota.accountBytes ? uploader.userId : null;
    if (quota.organizationBytes || userId) {
      const used = await storageUsage(deps.db, {
        organizationId: uploader.organizationId,
        userId,
      });
      if (quota.organizationBytes) {
        const refuse = async () =>
          new StorageQuotaExceededError('organization', quota.organizationBytes, used.organization);
        if (used.organization >= quota.organizationBytes) throw await refuse();
        limits.push({ remaining: quota.organizationBytes - used.organization, refuse });
      }
      if (userId) {
        const refuse = async () =>
          new StorageQuotaExceededError('account', quota.accountBytes, used.account);
        if (used.account >= quota.accountBytes) throw await refuse();
        limits.push({ remaining: quota.accountBytes - used.account, refuse });
      }
    }

    let received = 0;
    let uncounted = 0;
    /** Adds the uncounted bytes to the store; 429 when others' uploads meanwhile filled a window. */
    async function flush(): Promise<void> {
      if (!uncounted) return;
      const amount = uncounted;
      uncounted = 0;
      for (const counter of [counters.accountBytes, counters.organizationBytes]) {
        if (counter.max <= 0) continue;
        const { total, resetInMs } = await store.increment(counter.key, rate.windowMs, amount);
        if (total > counter.max) throw new UploadRateLimitedError(resetInMs / 1000, counter.what);
      }
    }

    return {
      async startFile() {
        for (const counter of [counters.accountFiles, counters.organizationFiles]) {
          if (counter.max <= 0) continue;
          const { total, resetInMs } = await store.increment(counter.key, rate.windowMs);
          if (total > counter.max) {
            throw new UploadRateLimitedError(resetInMs / 1000, counter.what);
          }
        }
      },
      async addBytes(bytes) {
        received += bytes;
        uncounted += bytes;
        const passed = limits.find((limit) => received > limit.remaining);
        if (passed) {
          await flush().catch(() => undefined);
          throw await passed.refuse();
        }
        if (uncounted >= FLUSH_BYTES) await flush();
      },
      finish: flush,
    };
  }

  return { begin };
}
