// Cutting a font file down to some characters with HarfBuzz's subsetter (harfbuzzjs's standalone wasm).
// Runs in the chart-font worker (chart-font-worker.ts): subsetting the 19 MB CJK collection takes about a
// second of CPU, which on the backend's thread would hold every other request meanwhile.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../export/atomic-write.js';

// The few WebAssembly calls used here: the backend's lib (ES2023, no DOM) declares no WebAssembly types.
export type WasmModule = object;
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** harfbuzz-subset.wasm's bytes compiled (V8 compiles off the thread); the module can be posted to a worker. */
export const compileSubsetter = (bytes: Uint8Array): Promise<WasmModule> => wasm.compile(bytes);

export interface SubsetRequest {
  /** The chosen font's files (a collection or a single face each). */
  files: readonly string[];
  /** The family the charts ask for: the face of each file that carries it is the one cut down. */
  family: string;
  chars: readonly number[];
  /** Where the subsets are written, as `${key}-${i}.otf`. */
  dir: string;
  key: string;
  /** harfbuzz-subset.wasm, compiled by the caller (it can read the app's archive; a worker may not). */
  module: WasmModule;
}

/** Each of `files` cut down to the face of `family` and the characters `chars`; throws when any cannot be. */
export function subsetFontFiles(req: SubsetRequest): string[] {
  const chars = new Set(req.chars);
  return req.files.map((file, i) => {
    const font = new Uint8Array(fs.readFileSync(file));
    const face = faceIndexOf(font, req.family);
    if (face < 0) throw new Error(`${file}: no face of ${req.family}`);
    const subset = subsetFace(req.module, font, face, chars);
    // The charts ask for the family by name: a subset that lost it would draw no text.
    if (faceIndexOf(subset, req.family) !== 0) throw new Error(`${file}: the subset lost the family name`);
    const out = path.join(req.dir, `${req.key}-${i}.otf`);
    writeFileAtomic(out, subset);
    return out;
  });
}

interface HbSubset {
  memory: { buffer: ArrayBuffer };
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lengthPtr: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;

/** One face of a font file cut down to `chars` (its name table's default English names kept), as an OpenType file. */
function subsetFace(module: WasmModule, font: Uint8Array, faceIndex: number, chars: ReadonlySet<number>): Uint8Array {
  // A fresh instance per face: its memory (the whole font file is copied in) is dropped with it.
  const hb = new wasm.Instance(module, {}).exports as unknown as HbSubset & { _initialize?: () => void };
  hb._initialize?.();
  const data = hb.malloc(font.byteLength);
  if (!data) throw new Error('out of wasm memory');
  new Uint8Array(hb.memory.buffer, data, font.byteLength).set(font);
  const blob = hb.hb_blob_create(data, font.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, faceIndex);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) throw new Error('hb_subset_input_create_or_fail');
  const unicodes = hb.hb_subset_input_unicode_set(input);
  for (const c of chars) hb.hb_set_add(unicodes, c);
  const subset = hb.hb_subset_or_fail(face, input);
  hb.hb_subset_input_destroy(input);
  hb.hb_face_destroy(face);
  if (!subset) throw new Error('hb_subset_or_fail');
  const out = hb.hb_face_reference_blob(subset);
  const lengthPtr = hb.malloc(4);
  const ptr = hb.hb_blob_get_data(out, lengthPtr);
  const length = new Uint32Array(hb.memory.buffer, lengthPtr, 1)[0]!;
  const bytes = new Uint8Array(hb.memory.buffer, ptr, length).slice();
  hb.hb_blob_destroy(out);
  hb.hb_face_destroy(subset);
  hb.free(data);
  if (length === 0) throw new Error('empty subset');
  return bytes;
}

/** The index of the face whose family name (name ID 1 or 16) is `family` in a font file or collection, or -1. */
export function faceIndexOf(font: Uint8Array, family: string): number {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tag = (at: number) => String.fromCharCode(font[at]!, font[at + 1]!, font[at + 2]!, font[at + 3]!);
  const faces = tag(0) === 'ttcf' ? Array.from({ length: view.getUint32(8) }, (_, i) => view.getUint32(12 + 4 * i)) : [0];
  const utf16 = new TextDecoder('utf-16be');
  for (const [index, start] of faces.entries()) {
    const tables = view.getUint16(start + 4);
    for (let t = 0; t < tables; t++) {
      const record = start + 12 + 16 * t;
      if (tag(record) !== 'name') continue;
      const name = view.getUint32(record + 8);
      const count = view.getUint16(name + 2);
      const strings = name + view.getUint16(name + 4);
      for (let r = 0; r < count; r++) {
        const at = name + 6 + 12 * r;
        const [platform, nameId] = [view.getUint16(at), view.getUint16(at + 6)];
        if (platform !== 3 || (nameId !== 1 && nameId !== 16)) continue;
        const offset = strings + view.getUint16(at + 10);
        if (utf16.decode(font.subarray(offset, offset + view.getUint16(at + 8))) === family) return index;
      }
    }
  }
  return -1;
}
