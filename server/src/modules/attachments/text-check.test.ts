// Text by content (text-check.ts) and the names the intake reads (file-inspection.ts): unit
// tests on temporary files, no app and no database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageTypeOfName, textTypeOfName, uploadedFileName } from './file-inspection.js';
import { checkUtf8Text } from './text-check.js';

const dir = mkdtempSync(path.join(tmpdir(), 'docket-text-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function check(bytes: Buffer) {
  const file = path.join(dir, `f${n++}`);
  writeFileSync(file, bytes);
  return checkUtf8Text(file);
}

describe('checkUtf8Text', () => {
  it('takes UTF-8, with or without a byte order mark, and an empty file', async () => {
    expect(await check(Buffer.from('plain ASCII\r\n'))).toEqual({ valid: true });
    expect(await check(Buffer.from('\uFEFFnom;montant\nÉté;12,50 €\n'))).toEqual({ valid: true });
    expect(await check(Buffer.from('emoji 🎫 and CJK 票\n'))).toEqual({ valid: true });
    expect(await check(Buffer.alloc(0))).toEqual({ valid: true });
  });

  it('names the offset of a NUL byte, past the first chunk too', async () => {
    const bytes = Buffer.alloc(70_000, 'a');
    bytes[69_999] = 0;
    expect(await check(bytes)).toEqual({
      valid: false,
      reason: 'not text: a NUL byte at byte 69999',
    });
  });

  it('refuses UTF-16 in either byte order, invalid sequences and a cut last character', async () => {
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]) {
      const result = await check(Buffer.concat([Buffer.from(bom), Buffer.from('hi', 'latin1')]));
      expect(result).toMatchObject({ valid: false, reason: expect.stringContaining('UTF-16') });
    }
    expect(await check(Buffer.from([0x61, 0xc0, 0xaf]))).toMatchObject({
      valid: false,
      reason: expect.stringContaining('not UTF-8'),
    });
    expect(await check(Buffer.from([0x61, 0xe2, 0x82]))).toEqual({
      valid: false,
      reason: 'not UTF-8 text (it ends inside a character)',
    });
  });
});

describe('names', () => {
  it('reads the text and package types from the cleaned name, any case', () => {
    expect(textTypeOfName('Report.TXT')?.mime).toBe('text/plain');
    expect(textTypeOfName('server.log')).toMatchObject({ mime: 'text/plain', ext: 'log' });
    expect(textTypeOfName('../export.csv.')?.mime).toBe('text/csv');
    expect(textTypeOfName('.txt')).toBeUndefined();
    expect(textTypeOfName('notes.md')).toBeUndefined();
    expect(packageTypeOfName('book.xlsx')?.ext).toBe('xlsx');
    expect(packageTypeOfName('book.zip')).toBeUndefined();
  });

  it('keeps the name as uploaded for messages, cleaned, never with an added extension', () => {
    expect(uploadedFileName('a.txt')).toBe('a.txt');
    expect(uploadedFileName('C:\\Users\\me\\invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(uploadedFileName('')).toBe('attachment');
    expect(Array.from(uploadedFileName('x'.repeat(300)))).toHaveLength(150);
  });
});
