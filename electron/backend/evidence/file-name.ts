// Names of evidence files are only labels: no path parts, no control or direction-changing characters,
// nothing Windows cannot name a file. They are never used as paths (the bytes are stored by SHA-256).
import { EVIDENCE_EXTENSIONS, type EvidenceType } from '#shared/api/evidence-api.js';
import type { ZipEntry } from '../excel/zip-directory.js';

const MAX_NAME = 120;

/** The name a clerk sees: last path part, control/bidi characters removed, `<>:"/\|?*` replaced, ≤ 120 characters. */
export function sanitiseFileName(raw: string, type?: EvidenceType): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = last
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  // Windows reserves these device names whatever the extension.
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name)) name = `_${name}`;
  if (/^\.+$/.test(name)) name = '';
  const ext = type ? EVIDENCE_EXTENSIONS[type] : '';
  if (!name) name = '文件';
  if (ext && !new RegExp(`\\.${ext}$`, 'i').test(name) && !(type === 'jpeg' && /\.jpe?g$/i.test(name)) && !(type === 'heic' && /\.heif$/i.test(name))) {
    // Keep what the clerk wrote; the extension lets Windows open the file with the right program.
    if (!/\.[a-z0-9]{2,5}$/i.test(name)) name = `${name}.${ext}`;
  }
  if (name.length > MAX_NAME) {
    const dot = name.lastIndexOf('.');
    const tail = dot > 0 && name.length - dot <= 8 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME - tail.length) + tail;
  }
  return name;
}

/** A folder name in the export package (same rules, no extension). */
export function sanitiseFolderName(raw: string, fallback: string): string {
  const name = sanitiseFileName(raw.replace(/[\\/]/g, '_')).slice(0, 60).trim().replace(/[. ]+$/, '');
  return name && name !== '文件' ? name : fallback;
}

/**
 * An entry's name as written: UTF-8 when the zip says so (or the bytes are valid UTF-8), else GBK —
 * what Windows' “压缩文件夹” writes on a Chinese system.
 */
export function zipEntryName(entry: Pick<ZipEntry, 'name' | 'flags'>): string {
  if (entry.flags & 0x800) return entry.name;
  const raw = Buffer.from(entry.name, 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    try {
      return new TextDecoder('gbk').decode(raw);
    } catch {
      return entry.name;
    }
  }
}
