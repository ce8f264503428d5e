// Reads a zip's central directory and inflates single entries with a hard output cap.
// Written here (no dependency) so sizes can be checked before JSZip/exceljs inflate anything.

import { inflateRawSync } from 'node:zlib';
import { WorkbookError } from './workbook-error.js';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate; anything else is refused by the guard. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  /** Declared size; a hostile file may lie, so inflation is capped at this value. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const U32_MAX = 0xffffffff;

function corrupt(detail: string): WorkbookError {
  return new WorkbookError('corrupt', undefined, detail);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readU64(buf: Buffer, offset: number): number {
  const value = buf.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('zip64 value out of range');
  return Number(value);
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, so search only the tail.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  }
  throw corrupt('end of central directory not found');
}

interface DirectoryLocation {
  entries: number;
  offset: number;
  size: number;
}

function locateDirectory(buf: Buffer, eocd: number): DirectoryLocation {
  let entries = buf.readUInt16LE(eocd + 10);
  let size = buf.readUInt32LE(eocd + 12);
  let offset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || size === U32_MAX || offset === U32_MAX) {
    const locator = eocd - 20;
    if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR_SIG) throw corrupt('zip64 locator missing');
    const record = readU64(buf, locator + 8);
    if (record + 56 > buf.length || buf.readUInt32LE(record) !== ZIP64_EOCD_SIG) throw corrupt('zip64 record missing');
    entries = readU64(buf, record + 32);
    size = readU64(buf, record + 40);
    offset = readU64(buf, record + 48);
  }
  if (offset + size > buf.length) throw corrupt('central directory beyond end of file');
  return { entries, offset, size };
}

/** Applies the zip64 "extended information" extra field to values saturated at 0xFFFFFFFF. */
function applyZip64Extra(buf: Buffer, start: number, end: number, entry: ZipEntry): void {
  let p = start;
  while (p + 4 <= end) {
    const id = buf.readUInt16LE(p);
    const len = buf.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const take = (): number => {
        if (q + 8 > p + 4 + len) throw corrupt('zip64 extra field too short');
        const v = readU64(buf, q);
        q += 8;
        return v;
      };
      if (entry.uncompressedSize === U32_MAX) entry.uncompressedSize = take();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = take();
      if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = take();
      return;
    }
    p += 4 + len;
  }
}

/**
 * Lists the entries of a zip file from its central directory. Stops with `too_large` once more
 * than `maxEntries` are declared, before reading them.
 */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const buf = asBuffer(bytes);
  if (buf.length < 22) throw corrupt('file shorter than an empty zip');
  const { entries: count, offset, size } = locateDirectory(buf, findEndOfCentralDirectory(buf));
  if (count > maxEntries) {
    throw new WorkbookError(
      'too_large',
      `文件内部包含 ${count} 个部件，超过上限 ${maxEntries} 个，文件可能已损坏或被篡改，请在 Excel 中重新保存后导入`,
      `zip declares ${count} entries`,
    );
  }
  const end = offset + size;
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL_SIG) throw corrupt(`central directory entry ${i} malformed`);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const nameStart = p + 46;
    const next = nameStart + nameLength + extraLength + commentLength;
    if (next > end) throw corrupt(`central directory entry ${i} overruns the directory`);
    const flags = buf.readUInt16LE(p + 8);
    const entry: ZipEntry = {
      // Bit 11 marks UTF-8 names; OOXML part names are ASCII either way.
      name: buf.toString(flags & 0x800 ? 'utf8' : 'latin1', nameStart, nameStart + nameLength),
      method: buf.readUInt16LE(p + 10),
      flags,
      crc32: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
    };
    applyZip64Extra(buf, nameStart + nameLength, nameStart + nameLength + extraLength, entry);
    entries.push(entry);
    p = next;
  }
  return entries;
}

/** The compressed bytes of an entry, located through its local header. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const buf = asBuffer(bytes);
  const h = entry.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL_SIG) throw corrupt(`local header of ${entry.name} missing`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const stop = start + entry.compressedSize;
  if (stop > buf.length) throw corrupt(`data of ${entry.name} beyond end of file`);
  return buf.subarray(start, stop);
}

/**
 * Inflates one entry, refusing to produce more than its declared size: a zip whose entries
 * inflate beyond what the directory says is hostile (the declared sizes were checked already).
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const data = entryData(bytes, entry);
  if (entry.method === 0) {
    if (data.length !== entry.uncompressedSize) throw corrupt(`stored entry ${entry.name} has the wrong size`);
    return data;
  }
  if (entry.method !== 8) throw corrupt(`entry ${entry.name} uses compression method ${entry.method}`);
  try {
    // maxOutputLength must be >= 1; a declared size of 0 followed by real data is caught below.
    // One output chunk of the declared size (already within the guard's limits): zlib then need not
    // join chunks, which costs as much again as inflating a large sheet.
    const size = Math.max(1, entry.uncompressedSize);
    const out = inflateRawSync(data, { maxOutputLength: size, chunkSize: Math.max(64, size) });
    if (out.length > entry.uncompressedSize) throw new RangeError('output exceeds declared size');
    return out;
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new WorkbookError(
        'zip_bomb',
        undefined,
        `entry ${entry.name} inflates beyond its declared ${entry.uncompressedSize} bytes`,
      );
    }
    throw corrupt(`entry ${entry.name} does not inflate: ${(err as Error).message}`);
  }
}
