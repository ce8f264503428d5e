// Writes a file so that readers see the old file or the complete new one, never half of it:
// write a temp file beside the target, flush it, then rename over the target.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';

export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    const code = (err as { code?: string }).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      throw new AppError('file_locked', `无法写入“${target}”：文件可能正在 Excel/WPS 中打开，或没有写入权限。请关闭该文件后重试，或换一个保存位置。`);
    }
    if (code === 'ENOENT') throw new AppError('not_found', `无法写入“${target}”：文件夹不存在，请检查保存位置。`);
    throw err;
  }
}
