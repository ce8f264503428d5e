// The CJK font resvg draws the report charts with. resvg-js reads a font file again for every glyph it draws
// (~6 ms a glyph with the 19 MB Noto Sans CJK collection), and on Node it takes files only, no buffers. So the
// chosen font is cut down with HarfBuzz's subsetter (harfbuzzjs's standalone wasm) to the characters of a
// report's charts and resvg gets that small file. Subsets are cached per process by character set, in a temp
// folder removed at exit. If anything about subsetting fails, the full font files are used as before.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { writeFileAtomic } from '../export/atomic-write.js';

export type ChartFontOptions = NonNullable<ResvgRenderOptions['font']>;

interface FontChoice {
  family: string;
  files: string[];
}

// CJK fonts by platform, most preferred first: a font's file list is used when its first file exists.
const FONT_CANDIDATES: readonly FontChoice[] = [
  { family: 'Microsoft YaHei', files: ['C:\\Windows\\Fonts\\msyh.ttc', 'C:\\Windows\\Fonts\\msyhbd.ttc'] },
  { family: 'SimHei', files: ['C:\\Windows\\Fonts\\simhei.ttf'] },
  {
    family: 'Noto Sans CJK SC',
    files: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'],
  },
  { family: 'Noto Sans CJK SC', files: ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc'] },
  { family: 'PingFang SC', files: ['/System/Library/Fonts/PingFang.ttc'] },
];

let fullFont: ChartFontOptions | undefined;

/** The full font files for resvg: known CJK font files when present, else every system font (slow). */
export function fullChartFont(): ChartFontOptions {
  if (!fullFont) {
    const found = FONT_CANDIDATES.find((c) => fs.existsSync(c.files[0]!));
    fullFont = found
      ? { loadSystemFonts: false, fontFiles: found.files.filter((f) => fs.existsSync(f)), defaultFontFamily: found.family, sansSerifFamily: found.family }
      : { loadSystemFonts: true, defaultFontFamily: process.platform === 'win32' ? 'Microsoft YaHei' : 'Noto Sans CJK SC' };
  }
  return fullFont;
}

/** The family the charts' SVG asks for (the same whether the full font or a subset draws it). */
export const chartFontFamily = (): string => fullChartFont().defaultFontFamily!;

/** The characters a chart SVG can draw: every character of its text (a superset: the markup too), and printable ASCII for ECharts' entities. */
export function chartCharacters(svgs: readonly string[]): Set<number> {
  const chars = new Set<number>();
  for (let c = 0x20; c < 0x7f; c++) chars.add(c);
  for (const svg of svgs) for (const ch of svg) chars.add(ch.codePointAt(0)!);
  return chars;
}

const MAX_CACHED = 8;
const cache = new Map<string, Promise<ChartFontOptions>>();
let tempDir: string | undefined;

/**
 * Font options for resvg that cover `chars`: the chosen font's files subset to those characters (same family
 * name), or the full files if there is nothing to subset or subsetting fails.
 */
export function chartFontFor(chars: ReadonlySet<number>): Promise<ChartFontOptions> {
  const full = fullChartFont();
  if (!full.fontFiles?.length) return Promise.resolve(full);
  const key = createHash('sha256').update([...chars].sort((a, b) => a - b).join(',')).digest('hex').slice(0, 16);
  let entry = cache.get(key);
  if (!entry) {
    entry = subsetFont(full, chars, key).catch(() => full);
    cache.set(key, entry);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  return entry;
}

async function subsetFont(full: ChartFontOptions, chars: ReadonlySet<number>, key: string): Promise<ChartFontOptions> {
  const family = full.defaultFontFamily!;
  const hbModule = await wasmModule();
  const dir = chartFontDir();
  const fontFiles = full.fontFiles!.map((file, i) => {
    const font = new Uint8Array(fs.readFileSync(file));
    const face = faceIndexOf(font, family);
    if (face < 0) throw new Error(`${file}: no face of ${family}`);
    const subset = subsetFace(hbModule, font, face, chars);
    // The charts ask for the family by name: a subset that lost it would draw no text.
    if (faceIndexOf(subset, family) !== 0) throw new Error(`${file}: the subset lost the family name`);
    const out = path.join(dir, `${key}-${i}.otf`);
    writeFileAtomic(out, subset);
    return out;
  });
  return { ...full, fontFiles };
}

function chartFontDir(): string {
  if (!tempDir) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-chart-font-'));
    const dir = tempDir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return tempDir;
}

// The few WebAssembly calls used here: the backend's lib (ES2023, no DOM) declares no WebAssembly types.
type WasmModule = object;
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: Promise<WasmModule> | undefined;
const wasmModule = (): Promise<WasmModule> =>
  (compiled ??= fs.promises.readFile(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')).then((b) => wasm.compile(b)));

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
