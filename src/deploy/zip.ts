import { zipSync, type Zippable } from 'fflate';

/** One file of a deployment package. */
interface ZipEntry {
  /** Path inside the archive, with forward slashes. */
  name: string;
  data: Uint8Array;
  /** Unix permissions; default 0o644 (Lambda must be able to read every file). */
  mode?: number;
}

/**
 * Every entry's timestamp: 1980-01-01 00:00 (local time, which is what ZIP stores), the earliest
 * date ZIP can say. Fixed, so that the same bundle gives the same bytes and the same CodeSha256,
 * and an unchanged deploy is recognisably unchanged.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** "Made by" Unix, so that the permissions in the external attributes count. */
const UNIX = 3;
const REGULAR_FILE = 0o100000;

/** A deflated ZIP archive (fflate) with fixed timestamps and Unix permissions. */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const files: Zippable = {};
  for (const entry of entries) {
    files[entry.name] = [entry.data, { mtime: FIXED_MTIME, os: UNIX, attrs: ((REGULAR_FILE | (entry.mode ?? 0o644)) << 16) >>> 0 }];
  }
  return Buffer.from(zipSync(files, { level: 9 }));
}
