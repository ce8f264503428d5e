// Every write transaction goes through db/write-transaction.ts (BEGIN IMMEDIATE, read-only refusal):
// a new write path that calls better-sqlite3's db.transaction() or BEGIN itself fails this test.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const HELPER = path.join('electron', 'backend', 'db', 'write-transaction.ts');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

describe('write transactions', () => {
  it('are only opened by writeTransaction (BEGIN IMMEDIATE), never by db.transaction() or a bare BEGIN', () => {
    const offenders: string[] = [];
    for (const file of [...sources('electron'), ...sources('bench')]) {
      if (file === HELPER) continue;
      fs.readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\.transaction\s*\(|\bBEGIN\b(?!\s+IMMEDIATE)/.test(line.replace(/\/\/.*$/, ''))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
