/**
 * The attachment cleanup job's schedule (attachments.cleanup.ts: "a cleanup job removes
 * unreferenced files"): every interval it runs `cleanupUnreferenced` once, never two runs at a
 * time, logs what it removed, keeps going after a failed run, does nothing with an interval of 0,
 * and stops when the app closes. What a run removes is tested against the real store and database
 * in attachments.test.ts ("removal and cleanup"); here the clock is Vitest's fake one.
 */
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import attachmentCleanup from '../src/modules/attachments/attachments.cleanup.js';

type Removed = { removedObjects: number; removedTemporaryFiles: number };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** An app with the job on `intervalMs`, whose runs are `run`. */
async function appWith(intervalMs: number, run: () => Promise<Removed>) {
  const lines: { level: string; msg: string }[] = [];
  const app = Fastify({
    logger: {
      level: 'info',
      stream: {
        write: (line: string) => {
          const { level, msg } = JSON.parse(line) as { level: number; msg: string };
          lines.push({ level: level >= 40 ? 'warn' : 'info', msg });
        },
      },
    },
  });
  const cleanupUnreferenced = vi.fn(run);
  await app.register(attachmentCleanup, { attachments: { cleanupUnreferenced }, intervalMs });
  await app.ready();
  return { app, cleanupUnreferenced, lines };
}

describe('attachment cleanup job', () => {
  it('runs once per interval, one run at a time, logging what it removed', async () => {
    let finish: (removed: Removed) => void = () => {};
    const { app, cleanupUnreferenced, lines } = await appWith(
      60_000,
      () => new Promise<Removed>((resolve) => (finish = resolve)),
    );
    expect(cleanupUnreferenced).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cleanupUnreferenced).toHaveBeenCalledTimes(1);
    // Still running at the next ticks: no second run on top of it.
    await vi.advanceTimersByTimeAsync(180_000);
    expect(cleanupUnreferenced).toHaveBeenCalledTimes(1);
    finish({ removedObjects: 3, removedTemporaryFiles: 1 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cleanupUnreferenced).toHaveBeenCalledTimes(2);
    expect(lines).toContainEqual({
      level: 'info',
      msg: 'attachment cleanup removed unreferenced files',
    });
    await app.close();
  });

  it('keeps its schedule after a failed run, and stops when the app closes', async () => {
    const { app, cleanupUnreferenced, lines } = await appWith(1_000, () =>
      Promise.reject(new Error('store unreachable')),
    );
    await vi.advanceTimersByTimeAsync(3_000);
    expect(cleanupUnreferenced).toHaveBeenCalledTimes(3);
    expect(lines.filter((l) => l.msg === 'attachment cleanup failed')).toHaveLength(3);
    expect(lines.every((l) => l.level === 'warn')).toBe(true);
    await app.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cleanupUnreferenced).toHaveBeenCalledTimes(3);
  });

  it('never runs with an interval of 0 (ATTACHMENT_CLEANUP_INTERVAL_MINUTES=0)', async () => {
    const { app, cleanupUnreferenced } = await appWith(0, async () => ({
      removedObjects: 0,
      removedTemporaryFiles: 0,
    }));
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(cleanupUnreferenced).not.toHaveBeenCalled();
    await app.close();
  });
});
