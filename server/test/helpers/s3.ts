/**
 * A test app whose attachment store is S3 (ATTACHMENT_STORAGE=s3 only) on a real S3-compatible
 * server: s3rver (npm) on the loopback address, in a throwaway folder, with one bucket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createTestApp, testConfig, type TestApp } from './app.js';

export interface S3TestApp {
  t: TestApp;
  /** A client of the S3 server, for the test's own checks. */
  client: S3Client;
  bucket: string;
  /** The bucket's object keys, sorted. */
  keys(): Promise<string[]>;
  /** Closes the app, the client and the server, and removes the folder. */
  close(): Promise<void>;
}

/** Starts s3rver with `bucket` and an app storing attachments there (under `docket/`). */
export async function startS3TestApp(bucket: string): Promise<S3TestApp> {
  const folder = mkdtempSync(path.join(tmpdir(), 'docket-s3-'));
  const s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(folder, 's3'),
  });
  const { port } = await s3.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const t = await createTestApp({
    seed: false,
    config: testConfig({
      DATA_DIR: path.join(folder, 'data'),
      ATTACHMENT_STORAGE: 's3',
      ATTACHMENT_S3_BUCKET: bucket,
      ATTACHMENT_S3_ENDPOINT: endpoint,
      ATTACHMENT_S3_FORCE_PATH_STYLE: 'true',
      ATTACHMENT_S3_ACCESS_KEY_ID: 'S3RVER',
      ATTACHMENT_S3_SECRET_ACCESS_KEY: 'S3RVER',
      ATTACHMENT_S3_PREFIX: 'docket/',
      ATTACHMENT_CLEANUP_INTERVAL_MINUTES: '0',
    }),
  });
  return {
    t,
    client,
    bucket,
    async keys() {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (page.Contents ?? []).map((o) => o.Key!).sort();
    },
    async close() {
      await t.close();
      client.destroy();
      await s3.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
