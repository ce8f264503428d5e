// Real files of each evidence type, committed small (tests/fixtures/evidence: a JPEG, a PDF, a .doc and a .xls
// saved by LibreOffice) or made here with the libraries the app already uses (PNG by resvg, .docx by docx,
// .xlsx by exceljs, zips by the app's zip writer).
import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as docx from 'docx';
import ExcelJS from 'exceljs';
import { writeZip } from '../../electron/backend/excel/zip-writer.js';
import { REPO_ROOT } from './serve.js';

export const EVIDENCE_FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'evidence');

export function fixture(name: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(fs.readFileSync(path.join(EVIDENCE_FIXTURES, name)));
}

export function makePng(width = 64, height = 48, colour = '#c03030'): Uint8Array<ArrayBuffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="${colour}"/><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#fff"/></svg>`;
  return Uint8Array.from(new Resvg(svg).render().asPng());
}

export async function makeDocx(text = '会议纪要：学位建设推进会'): Promise<Uint8Array<ArrayBuffer>> {
  const d = new docx.Document({ sections: [{ children: [new docx.Paragraph(text)] }] });
  return Uint8Array.from(await docx.Packer.toBuffer(d));
}

export async function makeXlsx(): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到表');
  ws.addRow(['姓名', '单位']);
  ws.addRow(['张三', '和平小学']);
  return Uint8Array.from(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** The first bytes of an iPhone photo (ISO-BMFF `ftyp` box, brand heic): enough to recognise, nothing to decode. */
export function heicHeader(): Uint8Array<ArrayBuffer> {
  const box = Buffer.alloc(64);
  box.writeUInt32BE(24, 0);
  box.write('ftypheic', 4, 'latin1');
  box.write('mif1heic', 16, 'latin1');
  return Uint8Array.from(box);
}

export function zipOf(entries: { name: string; data: Uint8Array }[]): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(writeZip(entries.map((e) => ({ name: e.name, data: e.data }))));
}

/** A Windows program's first bytes (MZ header), whatever it is called. */
export function exeBytes(): Uint8Array<ArrayBuffer> {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.write('This program cannot be run in DOS mode.', 78, 'latin1');
  return Uint8Array.from(b);
}

/** The JPEG with an EXIF APP1 saying how to turn it (6: a phone held upright, stored sideways). */
export function withExifOrientation(jpeg: Uint8Array, orientation: number): Uint8Array<ArrayBuffer> {
  const tiff = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const len = body.length + 2;
  const b = Buffer.from(jpeg);
  return Uint8Array.from(Buffer.concat([b.subarray(0, 2), Buffer.from([0xff, 0xe1, len >> 8, len & 0xff]), body, b.subarray(2)]));
}
