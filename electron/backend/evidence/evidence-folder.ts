// The evidence folder: file bytes stored once per content, named by their SHA-256, beside the database
// (`taizhang.db` → `taizhang.evidence/ab/abcdef…`). Files never change once written, so a backup copies
// only the files it does not have yet (listEvidenceFiles), and the database stays small enough for the
// online backup API to copy in seconds. Why not BLOBs in the database: see README (佐证材料, storage).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '#shared/errors.js';
import { writeFileAtomic } from '../export/atomic-write.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** The folder holding a database's evidence files. */
export function evidenceFolder(dbPath: string): string {
  const resolved = path.resolve(dbPath);
  const base = path.basename(resolved).replace(/\.(db|sqlite3?)$/i, '');
  return path.join(path.dirname(resolved), `${base}.evidence`);
}

export interface StoredEvidenceFile {
  sha256: string;
  /** Absolute path of the stored file. */
  path: string;
  /** Path relative to the evidence folder (`ab/abcdef…`): how a backup lays it out. */
  relative: string;
  size: number;
}

/**
 * Every stored file of a database's evidence folder, for backup and restore (branch rel-db): copy the
 * folder's files by `relative` beside the backed-up database. Files are immutable and named by content,
 * so one already in the backup need not be copied again.
 */
export function listEvidenceFiles(dbPath: string): StoredEvidenceFile[] {
  const root = evidenceFolder(dbPath);
  const out: StoredEvidenceFile[] = [];
  let shards: string[];
  try {
    shards = fs.readdirSync(root);
  } catch {
    return out;
  }
  for (const shard of shards.sort()) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of fs.readdirSync(path.join(root, shard)).sort()) {
      if (!SHA256.test(name) || !name.startsWith(shard)) continue;
      const file = path.join(root, shard, name);
      const stat = fs.lstatSync(file);
      if (stat.isFile()) out.push({ sha256: name, path: file, relative: `${shard}/${name}`, size: stat.size });
    }
  }
  return out;
}

/**
 * Brings a database's evidence along to another database file (a backup, or the live database after a
 * restore): every stored file of `fromDbPath` missing beside `toDbPath` is hard-linked there (files never
 * change, so a link costs no space and is safe to share) or, across drives, copied under a temp name and
 * renamed. Returns how many files were added. Files already there are kept: they have the same content.
 */
export function copyEvidenceFiles(fromDbPath: string, toDbPath: string): number {
  const files = listEvidenceFiles(fromDbPath);
  if (!files.length) return 0;
  const root = evidenceFolder(toDbPath);
  let added = 0;
  for (const f of files) {
    const dest = path.join(root, f.relative);
    if (fs.existsSync(dest)) continue;
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    try {
      fs.linkSync(f.path, dest);
    } catch {
      const temp = path.join(root, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
      try {
        fs.copyFileSync(f.path, temp);
        fs.renameSync(temp, dest);
      } finally {
        fs.rmSync(temp, { force: true });
      }
    }
    added++;
  }
  return added;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class EvidenceBlobs {
  constructor(readonly root: string) {}

  private file(sha256: string): string {
    if (!SHA256.test(sha256)) throw new AppError('internal', `佐证材料编号不正确：${sha256.slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    try {
      return fs.statSync(this.file(sha256)).isFile();
    } catch {
      return false;
    }
  }

  /** Stores the bytes unless the same content is stored already; the write is atomic (temp file + rename). */
  put(bytes: Uint8Array, sha256 = sha256Hex(bytes)): { sha256: string; stored: boolean } {
    const target = this.file(sha256);
    if (this.has(sha256)) return { sha256, stored: false };
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      writeFileAtomic(target, bytes);
    } catch (err) {
      if (err instanceof AppError && err.code === 'disk_full') throw err;
      throw new AppError('file_unreadable', `无法保存佐证材料到“${this.root}”：${(err as Error).message}。请确认数据库所在文件夹可写、磁盘空间足够后重试。`);
    }
    return { sha256, stored: true };
  }

  /** The stored bytes, checked against their name: a changed or damaged file is reported, never served. */
  read(sha256: string): Buffer {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(this.file(sha256));
    } catch {
      throw new AppError('not_found', `佐证材料文件缺失（${sha256.slice(0, 12)}…，应在“${this.root}”中）。请从备份恢复该文件夹。`);
    }
    if (sha256Hex(bytes) !== sha256) {
      throw new AppError('db_corrupt', `佐证材料文件已损坏或被改动（${sha256.slice(0, 12)}…）。请从备份恢复“${this.root}”文件夹。`);
    }
    return bytes;
  }
}
