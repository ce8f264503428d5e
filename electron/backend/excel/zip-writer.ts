// Minimal zip writer: rebuilds a workbook with some parts replaced (see excel-prepare.ts) by
// copying untouched parts byte for byte. Also used by the test fixture generator.

import { crc32, deflateRawSync } from 'node:zlib';

export type ZipWriteEntry =
  /** `level`: zlib's 1 (fastest) … 9 (smallest); its default 6 when not given. */
  | { name: string; data: Uint8Array; compress?: boolean; level?: number }
  /** Already-compressed data copied verbatim; the sizes and CRC are written as given. */
  | { name: string; raw: { method: number; crc32: number; compressed: Uint8Array; uncompressedSize: number } };

interface Prepared {
  name: Buffer;
  method: number;
  crc32: number;
  compressed: Uint8Array;
  uncompressedSize: number;
}

function prepare(entry: ZipWriteEntry): Prepared {
  const name = Buffer.from(entry.name, 'utf8');
  if ('raw' in entry) return { name, ...entry.raw };
  const compress = entry.compress ?? true;
  return {
    name,
    method: compress ? 8 : 0,
    crc32: crc32(entry.data) >>> 0,
    compressed: compress ? deflateRawSync(entry.data, entry.level === undefined ? {} : { level: entry.level }) : entry.data,
    uncompressedSize: entry.data.length,
  };
}

export function writeZip(entries: readonly ZipWriteEntry[]): Buffer {
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries.map(prepare)) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, a fixed date keeps output reproducible
    local.writeUInt32LE(e.crc32 >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.uncompressedSize >>> 0, 22);
    local.writeUInt16LE(e.name.length, 26);
    chunks.push(local, e.name, e.compressed);

    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x800, 8);
    dir.writeUInt16LE(e.method, 10);
    dir.writeUInt32LE(0x00210000, 12);
    dir.writeUInt32LE(e.crc32 >>> 0, 16);
    dir.writeUInt32LE(e.compressed.length, 20);
    dir.writeUInt32LE(e.uncompressedSize >>> 0, 24);
    dir.writeUInt16LE(e.name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(Buffer.concat([dir, e.name]));
    offset += local.length + e.name.length + e.compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}
