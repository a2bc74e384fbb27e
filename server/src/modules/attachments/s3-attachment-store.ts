/**
 * The S3 driver of the attachment store (attachment-store.ts), for deployments that outgrow one
 * machine: any S3-compatible object storage (AWS S3, MinIO, Ceph, Cloudflare R2, …), configured
 * by the ATTACHMENT_S3_* variables. Objects are written from the upload's temporary file as a
 * stream with its length (never read into memory). Keys get ATTACHMENT_S3_PREFIX in front.
 *
 * Checksums are sent and checked only when an operation requires them
 * (`requestChecksumCalculation: 'WHEN_REQUIRED'`): several S3-compatible services do not accept
 * the SDK's default aws-chunked uploads with trailing checksums.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { AttachmentsConfig } from '../../config.js';
import { StoredObjectMissingError, isStoreKey, type AttachmentStore } from './store-contract.js';

type S3Settings = Extract<AttachmentsConfig['storage'], { driver: 's3' }>;

/** The S3 driver over `settings` (bucket, region, endpoint, path style, credentials, prefix). */
export function createS3AttachmentStore(settings: S3Settings): AttachmentStore {
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;
  const objectKey = (key: string) => {
    if (!isStoreKey(key)) throw new Error(`not an attachment store key: ${key}`);
    return `${settings.prefix}${key}`;
  };

  return {
    driver: 's3',
    async putFile(key, filePath, info) {
      // Content-addressed: writing the same key again writes the same bytes, and refreshes
      // LastModified, which keeps the cleanup job away from it.
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: objectKey(key),
          Body: createReadStream(filePath),
          ContentLength: info.size,
          ContentType: info.contentType,
        }),
      );
    },
    async putBytes(key, bytes, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: objectKey(key),
          Body: bytes,
          ContentType: contentType,
        }),
      );
    },
    async read(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
        if (!(answer.Body instanceof Readable)) throw new StoredObjectMissingError(key);
        return answer.Body;
      } catch (error) {
        if (
          error instanceof NoSuchKey ||
          (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
        ) {
          throw new StoredObjectMissingError(key);
        }
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },
    async *list() {
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix: settings.prefix || undefined,
            ContinuationToken,
          }),
        );
        for (const object of page.Contents ?? []) {
          const key = object.Key?.slice(settings.prefix.length);
          if (key && isStoreKey(key) && object.LastModified) {
            yield { key, lastModified: object.LastModified };
          }
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
  };
}
