// Build step: dist/ starts empty, so that a file moved or removed in src/ leaves no stale copy behind.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

rmSync(fileURLToPath(new URL('../dist/', import.meta.url)), { recursive: true, force: true });
