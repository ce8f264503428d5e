// Writes files so that readers see the old file or the complete new one, never half of it:
// write a temp file beside each target, flush it, then rename over the target.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '#shared/errors.js';

export interface FileToWrite {
  path: string;
  bytes: Uint8Array;
}

function writeFailure(err: unknown, target: string): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
    return new AppError('file_locked', `无法写入“${target}”：文件可能正在 Excel/WPS 中打开，或没有写入权限。请关闭该文件后重试，或换一个保存位置。`);
  }
  if (code === 'ENOENT') return new AppError('not_found', `无法写入“${target}”：文件夹不存在，请检查保存位置。`);
  if (code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT') {
    return new AppError('disk_full', `无法写入“${target}”：磁盘空间不足或文件超出允许的大小，没有留下不完整的文件。请清理磁盘或换一个保存位置后重试。`);
  }
  if (code === 'EISDIR') return new AppError('invalid_target', `无法写入“${target}”：这是一个文件夹，请换一个文件名。`);
  return err;
}

function writeTemp(target: string, bytes: Uint8Array): string {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      // writeSync may write less than asked (a file size limit, a nearly full disk) without an error:
      // loop until everything is written, so the next call reports the failure instead of a short file.
      for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw writeFailure(err, target);
  }
  return temp;
}

export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  writeFilesAtomic([{ path: file, bytes }]);
}

/**
 * Several files (the per-unit forms into one folder): every temp file is written and flushed before
 * the first rename, so a full disk or a failed write leaves none of them under its final name.
 * Only a rename can still fail (a file held open by Excel on Windows): the files renamed before it
 * are complete, the rest are not written, and the message says which.
 */
export function writeFilesAtomic(files: readonly FileToWrite[]): void {
  const targets = files.map((f) => path.resolve(f.path));
  for (const target of targets) {
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw writeFailure({ code: 'EISDIR' }, target);
  }
  const temps: string[] = [];
  try {
    files.forEach((f, i) => temps.push(writeTemp(targets[i]!, f.bytes)));
  } catch (err) {
    for (const t of temps) fs.rmSync(t, { force: true });
    throw err;
  }
  for (let i = 0; i < temps.length; i++) {
    try {
      fs.renameSync(temps[i]!, targets[i]!);
    } catch (err) {
      for (const t of temps.slice(i)) fs.rmSync(t, { force: true });
      const failure = writeFailure(err, targets[i]!);
      if (i === 0 || !(failure instanceof AppError)) throw failure;
      throw new AppError(failure.code, `已保存 ${i} 个文件；${failure.message}（其余 ${temps.length - i} 个文件未写入）`);
    }
  }
}
