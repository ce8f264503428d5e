// Where 佐证材料 bytes live — BLOBs inside the database, or content-addressed files in a folder beside it —
// measured on the same generated photos (incompressible, 3 MB each): write, a full backup (SQLite's online
// backup API for the database; plus a file copy of the folder), a second backup after 10 more photos (the
// folder copies only new files; the database is copied whole again), and reading one photo back.
// Not part of `npm run bench` (it writes gigabytes): node --import tsx bench/evidence-storage.ts [MB]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EvidenceBlobs, listEvidenceFiles, sha256Hex } from '../electron/backend/evidence/evidence-folder.js';
import { writeTransaction } from '../electron/backend/db/write-transaction.js';

const totalMb = Number(process.argv[2] ?? 500);
const PHOTO = 3 * 1024 * 1024;
const count = Math.max(1, Math.round((totalMb * 1024 * 1024) / PHOTO));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-evidence-bench-'));
const photos = (n: number) => Array.from({ length: n }, () => randomBytes(PHOTO));

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const v = fn();
  return [v, performance.now() - t];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

const rows: { what: string; blobs: string; folder: string }[] = [];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

try {
  const first = photos(count);
  const more = photos(10);

  // BLOBs in the database.
  const dbPath = path.join(root, 'blobs.db');
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE evidence_bytes (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL) STRICT');
  const insert = db.prepare('INSERT OR IGNORE INTO evidence_bytes (sha256, data) VALUES (?, ?)');
  // One transaction per photo, as a clerk adds them.
  const [, dbWrite] = time(() => first.forEach((p) => writeTransaction(db, () => insert.run(sha256Hex(p), p))()));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const [, dbBackup1] = await timeAsync(() => db.backup(path.join(root, 'backup1.db')));
  more.forEach((p) => writeTransaction(db, () => insert.run(sha256Hex(p), p))());
  const [, dbBackup2] = await timeAsync(() => db.backup(path.join(root, 'backup2.db')));
  const probe = sha256Hex(first[Math.floor(count / 2)]!);
  const [, dbRead] = time(() => db.prepare('SELECT data FROM evidence_bytes WHERE sha256 = ?').get(probe));
  const dbSize = fs.statSync(dbPath).size;
  db.close();
  for (const f of ['backup1.db', 'backup2.db']) fs.rmSync(path.join(root, f), { force: true });

  // Files beside the database (what the app does), with a small database for the records.
  const blobs = new EvidenceBlobs(path.join(root, 'taizhang.evidence'));
  const [, folderWrite] = time(() => first.forEach((p) => blobs.put(p)));
  const backupDir = path.join(root, 'backup');
  const copyNew = () => {
    let copied = 0;
    for (const f of listEvidenceFiles(path.join(root, 'taizhang.db'))) {
      const target = path.join(backupDir, f.relative);
      if (fs.existsSync(target)) continue; // immutable by content: already backed up
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(f.path, target);
      copied++;
    }
    return copied;
  };
  const [copied1, folderBackup1] = time(copyNew);
  more.forEach((p) => blobs.put(p));
  const [copied2, folderBackup2] = time(copyNew);
  const [, folderRead] = time(() => blobs.read(probe));

  rows.push(
    { what: `write ${count} photos (${Math.round((count * PHOTO) / 1024 / 1024)} MB), one commit each`, blobs: s(dbWrite), folder: s(folderWrite) },
    { what: 'first backup', blobs: `${s(dbBackup1)} (online backup API, ${Math.round(dbSize / 1024 / 1024)} MB file)`, folder: `${s(folderBackup1)} (${copied1} files copied; the records DB is KB)` },
    { what: 'next backup after 10 more photos', blobs: `${s(dbBackup2)} (whole file again)`, folder: `${s(folderBackup2)} (${copied2} new files)` },
    { what: 'read one photo', blobs: `${dbRead.toFixed(1)} ms`, folder: `${folderRead.toFixed(1)} ms (with SHA-256 check)` },
  );
  console.log(`佐证材料 storage, ${count} photos of 3 MB (${os.cpus().length} cores, ${os.tmpdir()})`);
  for (const r of rows) console.log(`${r.what}\n    in the database: ${r.blobs}\n    folder beside it: ${r.folder}`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
