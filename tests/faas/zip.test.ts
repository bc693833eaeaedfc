import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, createZip } from '../../src/deploy/index.js';

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const files = [
  { name: 'index.mjs', data: Buffer.from('export const handler = async () => 42;\n'.repeat(200)) },
  { name: 'lib/empty.txt', data: Buffer.alloc(0) },
  { name: 'data/ü.bin', data: Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)), mode: 0o755 },
];

describe('zip writer', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('writes a central directory whose entries point at deflated copies of the files', () => {
    const zip = createZip(files);
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt16LE(end + 10)).toBe(files.length);
    let at = zip.readUInt32LE(end + 16);
    for (const file of files) {
      expect(zip.readUInt32LE(at)).toBe(0x02014b50);
      const compressedSize = zip.readUInt32LE(at + 20);
      const nameLength = zip.readUInt16LE(at + 28);
      expect(zip.toString('utf8', at + 46, at + 46 + nameLength)).toBe(file.name);
      expect(zip.readUInt32LE(at + 38) >>> 16).toBe(0o100000 | (file.mode ?? 0o644));
      const local = zip.readUInt32LE(at + 42);
      expect(zip.readUInt32LE(local)).toBe(0x04034b50);
      const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = inflateRawSync(zip.subarray(dataStart, dataStart + compressedSize));
      expect(data.equals(file.data)).toBe(true);
      expect(zip.readUInt32LE(at + 16)).toBe(crc32(file.data));
      at += 46 + nameLength;
    }
  });

  it('is byte-identical for the same input (fixed timestamps)', () => {
    expect(createZip(files).equals(createZip(files))).toBe(true);
  });

  it.skipIf(!hasUnzip())('is accepted by unzip, contents intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fnsync-zip-'));
    const path = join(dir, 'test.zip');
    writeFileSync(path, createZip(files));
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
    expect(execFileSync('unzip', ['-p', path, 'index.mjs']).equals(files[0]?.data ?? Buffer.alloc(1))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
