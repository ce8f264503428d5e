// Every file the clerk names by path (CLI arguments) is read through here: look first, then read.
// The path is opened once (non-blocking, so a FIFO cannot hang the open), the open descriptor is
// fstat-ed (a symlink is followed, but its target must be a regular file: no FIFO, device,
// directory or socket) and its size checked against the kind's cap, and only then read — from the
// same descriptor, so nothing can be swapped in between the check and the read.
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type ErrorCode } from '#shared/errors.js';
import { fileTooLargeMessage, limitOf, type FileLimitOf } from '#shared/file-limits.js';
import { escapeControls } from '#shared/text-normalise.js';

export interface InputFile {
  /** The base name (for display and as the API's fileName). */
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Absent on Windows, where opening a pipe by path does not block the same way. */
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;
const CHUNK = 1024 * 1024;

function fail(code: ErrorCode, filePath: string, why: string): never {
  throw new AppError(code, `读取文件“${escapeControls(filePath)}”失败：${why}。`);
}

function openError(filePath: string, err: unknown, what: string): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') fail('file_unreadable', filePath, '文件不存在，请检查路径和文件名');
  if (code === 'EISDIR') fail('file_unreadable', filePath, `这是一个文件夹，请指定其中的${what}`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EBUSY') fail('file_unreadable', filePath, '没有读取权限，或文件正被其他程序占用，请检查文件权限或先关闭占用它的程序');
  if (code === 'ELOOP') fail('file_unreadable', filePath, '快捷方式（符号链接）循环指向自身，请指定实际的文件');
  fail('file_unreadable', filePath, `无法读取（${code ?? String(err)}）`);
}

function notRegular(stat: fs.Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return '文件夹';
  if (stat.isFIFO()) return '管道（FIFO）';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return '设备文件';
  if (stat.isSocket()) return '套接字';
  return '特殊文件';
}

/**
 * Reads the file at `filePath` as a `kind` of input, refusing anything that is not a regular file
 * or is larger than FILE_LIMITS[kind] before reading a byte of it. Throws AppError with a Chinese
 * message (`file_unreadable`, `file_too_large`).
 */
export function readInputFile(filePath: string, kind: FileLimitOf): InputFile {
  const { maxBytes, what } = limitOf(kind);
  let fd: number;
  try {
    fd = fs.openSync(filePath, fs.constants.O_RDONLY | O_NONBLOCK);
  } catch (err) {
    openError(filePath, err, what);
  }
  try {
    const stat = fs.fstatSync(fd);
    const special = notRegular(stat);
    if (special === '文件夹') fail('file_unreadable', filePath, `这是一个文件夹，请指定其中的${what}`);
    if (special) fail('file_unreadable', filePath, `这不是普通文件（是${special}），请指定保存在磁盘上的${what}`);
    if (stat.size > maxBytes) fail('file_too_large', filePath, fileTooLargeMessage(kind, stat.size));
    return { name: path.basename(filePath), bytes: readAll(fd, filePath, kind, stat.size) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads to the end, but never past the cap: a file still growing while read is refused, not followed. */
function readAll(fd: number, filePath: string, kind: FileLimitOf, expected: number): Uint8Array<ArrayBuffer> {
  const { maxBytes, what } = limitOf(kind);
  let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(expected + 1, 1)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) fail('file_too_large', filePath, fileTooLargeMessage(kind));
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length + CHUNK));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    let n: number;
    try {
      n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    } catch (err) {
      // EAGAIN cannot happen on a regular file; anything else is a read error worth naming.
      openError(filePath, err, what);
    }
    if (n === 0) break;
    length += n;
  }
  if (length > maxBytes) fail('file_too_large', filePath, fileTooLargeMessage(kind));
  // A copy of exactly the bytes read, so the result owns a right-sized ArrayBuffer.
  const out = new Uint8Array(length);
  out.set(buffer.subarray(0, length));
  return out;
}
