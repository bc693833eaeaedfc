import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createZip } from '../../src/deploy/index.js';

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

/** The Unix mode of each central-directory entry, by name. */
function modes(zip: Buffer): Record<string, number> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const found: Record<string, number> = {};
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    found[name] = zip.readUInt32LE(at + 38) >>> 16;
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return found;
}

describe('deployment zip', () => {
  it('holds every file intact, with its Unix permissions', () => {
    const zip = createZip(files);
    const unpacked = unzipSync(zip);
    for (const file of files) expect(Buffer.from(unpacked[file.name] ?? []).equals(file.data)).toBe(true);
    expect(modes(zip)).toEqual({ 'index.mjs': 0o100644, 'lib/empty.txt': 0o100644, 'data/ü.bin': 0o100755 });
  });

  it('is byte-identical for the same input (fixed timestamps)', () => {
    expect(createZip(files).equals(createZip(files))).toBe(true);
  });

  it.skipIf(!hasUnzip())('is accepted by unzip, contents and checksums intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fnsync-zip-'));
    const path = join(dir, 'test.zip');
    writeFileSync(path, createZip(files));
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
    expect(execFileSync('unzip', ['-p', path, 'index.mjs']).equals(files[0]?.data ?? Buffer.alloc(1))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
