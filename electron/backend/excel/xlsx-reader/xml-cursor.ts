// A forward-only cursor over the tags of one OOXML part, read straight from its inflated bytes. The
// parts this reader needs (sheets, shared strings, styles, workbook) are flat, attribute-heavy XML:
// walking tags byte by byte and decoding only the attributes and texts asked for is what makes
// reading them faster than a general parser. The part is never decoded to one string (a 50 MB sheet
// would be one allocation a worker's heap limit cannot stop gracefully), and no string is made for
// a tag or an attribute nobody reads.

import { decodeXmlText, findByte } from '../xml-text.js';

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f; // /
const EQUALS = 0x3d; // =
const COLON = 0x3a; // :
const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const AMPERSAND = 0x26; // &

function isSpace(c: number | undefined): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Entities are rare in cell text, so the decoder runs only where an `&` appears. */
export function decodeText(s: string): string {
  return s.includes('&') ? decodeXmlText(s) : s;
}

function bytesAre(xml: Buffer, at: number, ascii: string): boolean {
  for (let i = 0; i < ascii.length; i++) if (xml[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** The hot tags of a sheet as shared literals: a new string for each of millions of tags costs GC time. */
function tagName(xml: Buffer, start: number, end: number): string {
  const first = xml[start];
  switch (end - start) {
    case 1:
      if (first === 99) return 'c';
      if (first === 118) return 'v';
      if (first === 102) return 'f';
      if (first === 116) return 't';
      if (first === 114) return 'r';
      break;
    case 2:
      if (first === 105 && xml[start + 1] === 115) return 'is';
      if (first === 115 && xml[start + 1] === 105) return 'si';
      break;
    case 3:
      if (bytesAre(xml, start, 'row')) return 'row';
      if (bytesAre(xml, start, 'rPh')) return 'rPh';
      if (bytesAre(xml, start, 'rPr')) return 'rPr';
      break;
  }
  return xml.toString('utf8', start, end);
}

/** Attribute values that repeat on every cell (`t="s"`, `t="str"`, `hidden="1"`), as shared literals. */
const TOKENS = ['s', 'str', 'n', 'b', 'e', 'd', 'inlineStr', 'shared', '0', '1', 'true', 'false'];

function valueText(xml: Buffer, start: number, end: number): string {
  const length = end - start;
  if (length <= 9) for (const token of TOKENS) if (token.length === length && bytesAre(xml, start, token)) return token;
  return decodeText(xml.toString('utf8', start, end));
}

export class XmlCursor {
  /** Local name of the current tag (namespace prefix dropped: `x:row` is `row`). */
  name = '';
  /** The current tag is a closing tag (`</row>`). */
  closing = false;
  /** The current tag closes itself (`<c r="A1"/>`). */
  empty = false;
  /** Bytes of the value `attrRange` found last, and of the text `textRange` found last. */
  valueStart = 0;
  valueEnd = 0;
  textStart = 0;
  textEnd = 0;
  private attrsStart = 0;
  private tagEnd = 0;
  private pos = 0;

  constructor(private readonly xml: Buffer) {}

  /** Moves to the next element tag; false at the end. Comments, declarations and PIs are skipped. */
  next(): boolean {
    const xml = this.xml;
    for (;;) {
      const lt = findByte(xml, LT, this.pos);
      if (lt < 0) {
        this.pos = xml.length;
        return false;
      }
      const first = xml[lt + 1];
      if (first === 33 /* ! */ || first === 63 /* ? */) {
        const close = bytesAre(xml, lt, '<!--') ? xml.indexOf('-->', lt) : bytesAre(xml, lt, '<![CDATA[') ? xml.indexOf(']]>', lt) : findByte(xml, GT, lt);
        this.pos = close < 0 ? xml.length : close + 1;
        continue;
      }
      this.closing = first === SLASH;
      let p = this.closing ? lt + 2 : lt + 1;
      let local = p;
      for (;;) {
        const c = xml[p];
        if (c === undefined || isSpace(c) || c === GT || c === SLASH) break;
        if (c === COLON) local = p + 1;
        p++;
      }
      this.name = tagName(xml, local, p);
      this.attrsStart = p;
      const gt = findByte(xml, GT, p);
      this.tagEnd = gt < 0 ? xml.length : gt;
      this.empty = !this.closing && xml[this.tagEnd - 1] === SLASH;
      this.pos = this.tagEnd + 1;
      return true;
    }
  }

  /** An attribute of the current tag by its local name (`r:id` is `id`), decoded; undefined when absent. */
  attr(name: string): string | undefined {
    return this.attrRange(name) ? valueText(this.xml, this.valueStart, this.valueEnd) : undefined;
  }

  /** Finds an attribute as `attr` does, leaving its raw bytes at valueStart–valueEnd (nothing decoded). */
  attrRange(name: string): boolean {
    const xml = this.xml;
    const end = this.tagEnd;
    let p = this.attrsStart;
    while (p < end) {
      while (p < end && isSpace(xml[p])) p++;
      const nameStart = p;
      let local = p;
      while (p < end) {
        const c = xml[p];
        if (c === EQUALS || c === SLASH || isSpace(c)) break;
        if (c === COLON) local = p + 1;
        p++;
      }
      const nameEnd = p;
      while (p < end && isSpace(xml[p])) p++;
      if (xml[p] !== EQUALS) {
        if (p === nameStart) p++;
        continue;
      }
      p++;
      while (p < end && isSpace(xml[p])) p++;
      const quote = xml[p];
      if (quote !== QUOTE && quote !== APOSTROPHE) return false; // malformed: stop reading this tag
      const close = findByte(xml, quote, p + 1);
      if (close < 0) return false;
      if (nameEnd - local === name.length && bytesAre(xml, local, name)) {
        this.valueStart = p + 1;
        this.valueEnd = close;
        return true;
      }
      p = close + 1;
    }
    return false;
  }

  /** The raw bytes of a value (e.g. from `attrRange`) decoded as `attr` decodes them. */
  decode(start: number, end: number): string {
    return valueText(this.xml, start, end);
  }

  /**
   * When the current element holds plain text (no entity, no CDATA, no child) up to its closing tag:
   * leaves it at textStart–textEnd undecoded, moves past the closing tag and answers true. Otherwise
   * moves nowhere (read it with `text`).
   */
  textRange(): boolean {
    if (this.empty || this.closing) return false;
    const xml = this.xml;
    const lt = findByte(xml, LT, this.pos);
    if (lt < 0 || xml[lt + 1] !== SLASH) return false;
    for (let i = this.pos; i < lt; i++) if (xml[i] === AMPERSAND) return false;
    const gt = findByte(xml, GT, lt);
    this.textStart = this.pos;
    this.textEnd = lt;
    this.pos = gt < 0 ? xml.length : gt + 1;
    return true;
  }

  /**
   * The text inside the current element up to its closing tag (CDATA included, entities decoded), and
   * moves past it. Child elements are not expected there (`<t>`, `<v>`, `<f>`) and are skipped.
   */
  text(): string {
    if (this.empty || this.closing) return '';
    const xml = this.xml;
    let out = '';
    let p = this.pos;
    for (;;) {
      const lt = findByte(xml, LT, p);
      if (lt < 0) {
        out += decodeText(xml.toString('utf8', p));
        this.pos = xml.length;
        return out;
      }
      // Decoded between tags only, so a multi-byte character is never cut.
      if (lt > p) out += decodeText(xml.toString('utf8', p, lt));
      if (bytesAre(xml, lt, '<![CDATA[')) {
        const end = xml.indexOf(']]>', lt);
        const stop = end < 0 ? xml.length : end;
        out += xml.toString('utf8', lt + 9, stop);
        p = stop + 3;
        continue;
      }
      if (xml[lt + 1] === SLASH) {
        const gt = findByte(xml, GT, lt);
        this.pos = gt < 0 ? xml.length : gt + 1;
        return out;
      }
      // An unexpected child element: skip its tag, keep collecting text.
      const gt = findByte(xml, GT, lt);
      p = gt < 0 ? xml.length : gt + 1;
    }
  }
}

/**
 * The whole number written as plain digits at start–end (up to 15, so exact), or -1 when the bytes
 * are anything else: the caller then parses their decoded text as it always would.
 */
export function plainDigits(xml: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = xml[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** `_x000D_`-style escapes of characters XML cannot carry (ECMA-376 §22.9.2.19), in string items. */
export function decodeXstring(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}
