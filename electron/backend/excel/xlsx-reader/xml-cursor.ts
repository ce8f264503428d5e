// A forward-only cursor over the tags of one OOXML part, held as a string. The parts this reader needs
// (sheets, shared strings, styles, workbook) are flat, attribute-heavy XML: walking tags with indexOf
// and reading attributes on demand is what makes reading them faster than a general parser.

import { decodeXmlText } from '../xml-text.js';

const GT = 62; // >
const SLASH = 47; // /

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isNameEnd(c: number): boolean {
  return isSpace(c) || c === GT || c === SLASH || Number.isNaN(c);
}

/** Entities are rare in cell text, so the decoder runs only where an `&` appears. */
export function decodeText(s: string): string {
  return s.includes('&') ? decodeXmlText(s) : s;
}

/** The hot tags of a sheet as shared literals: slicing a new string for each of millions of tags costs GC time. */
function tagName(xml: string, start: number, end: number): string {
  const first = xml.charCodeAt(start);
  switch (end - start) {
    case 1:
      if (first === 99) return 'c';
      if (first === 118) return 'v';
      if (first === 102) return 'f';
      if (first === 116) return 't';
      if (first === 114) return 'r';
      break;
    case 2:
      if (first === 105 && xml.charCodeAt(start + 1) === 115) return 'is';
      if (first === 115 && xml.charCodeAt(start + 1) === 105) return 'si';
      break;
    case 3:
      if (first === 114 && xml.startsWith('row', start)) return 'row';
      break;
  }
  return xml.slice(start, end);
}

export class XmlCursor {
  /** Local name of the current tag (namespace prefix dropped: `x:row` is `row`). */
  name = '';
  /** The current tag is a closing tag (`</row>`). */
  closing = false;
  /** The current tag closes itself (`<c r="A1"/>`). */
  empty = false;
  private attrsStart = 0;
  private tagEnd = 0;
  private tagText: string | undefined;
  private pos = 0;

  constructor(private readonly xml: string) {}

  /** Moves to the next element tag; false at the end. Comments, declarations and PIs are skipped. */
  next(): boolean {
    const xml = this.xml;
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      if (lt < 0) {
        this.pos = xml.length;
        return false;
      }
      const first = xml.charCodeAt(lt + 1);
      if (first === 33 /* ! */ || first === 63 /* ? */) {
        const close = xml.startsWith('<!--', lt) ? xml.indexOf('-->', lt) : xml.startsWith('<![CDATA[', lt) ? xml.indexOf(']]>', lt) : xml.indexOf('>', lt);
        this.pos = close < 0 ? xml.length : close + 1;
        continue;
      }
      this.closing = first === SLASH;
      let p = this.closing ? lt + 2 : lt + 1;
      let local = p;
      while (!isNameEnd(xml.charCodeAt(p))) {
        if (xml.charCodeAt(p) === 58 /* : */) local = p + 1;
        p++;
      }
      this.name = tagName(xml, local, p);
      this.attrsStart = p;
      const gt = xml.indexOf('>', p);
      this.tagEnd = gt < 0 ? xml.length : gt;
      this.tagText = undefined;
      this.empty = !this.closing && xml.charCodeAt(this.tagEnd - 1) === SLASH;
      this.pos = this.tagEnd + 1;
      return true;
    }
  }

  /** An attribute of the current tag by its local name (`r:id` is `id`), decoded; undefined when absent. */
  attr(name: string): string | undefined {
    const xml = this.xml;
    const end = this.tagEnd;
    let p = this.attrsStart;
    while (p < end) {
      while (p < end && isSpace(xml.charCodeAt(p))) p++;
      const nameStart = p;
      let local = p;
      while (p < end && xml.charCodeAt(p) !== 61 /* = */ && !isSpace(xml.charCodeAt(p)) && xml.charCodeAt(p) !== SLASH) {
        if (xml.charCodeAt(p) === 58) local = p + 1;
        p++;
      }
      const nameEnd = p;
      while (p < end && isSpace(xml.charCodeAt(p))) p++;
      if (xml.charCodeAt(p) !== 61) {
        if (p === nameStart) p++;
        continue;
      }
      p++;
      while (p < end && isSpace(xml.charCodeAt(p))) p++;
      const quote = xml.charCodeAt(p);
      if (quote !== 34 && quote !== 39) return undefined; // malformed: stop reading this tag
      const close = xml.indexOf(quote === 34 ? '"' : "'", p + 1);
      if (close < 0) return undefined;
      if (nameEnd - local === name.length && xml.startsWith(name, local)) return decodeText(xml.slice(p + 1, close));
      p = close + 1;
    }
    return undefined;
  }

  /**
   * `attr` for the plain attributes of hot tags (`<c r="A1" s="3" t="s">`): found with one indexOf
   * instead of walking the tag. Only for names whose `name=` cannot appear inside another attribute's value.
   */
  plainAttr(name: string): string | undefined {
    // Searched within the tag's own text: an indexOf on the whole part would run to its end for every absent name.
    const tag = (this.tagText ??= this.xml.slice(this.attrsStart, this.tagEnd));
    let from = 0;
    for (;;) {
      const i = tag.indexOf(name, from);
      if (i < 0) return undefined;
      from = i + name.length;
      if (!isSpace(tag.charCodeAt(i - 1))) continue;
      let p = from;
      while (isSpace(tag.charCodeAt(p))) p++;
      if (tag.charCodeAt(p) !== 61) continue;
      p++;
      while (isSpace(tag.charCodeAt(p))) p++;
      const quote = tag.charCodeAt(p);
      if (quote !== 34 && quote !== 39) return undefined;
      const close = tag.indexOf(quote === 34 ? '"' : "'", p + 1);
      return close < 0 ? undefined : decodeText(tag.slice(p + 1, close));
    }
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
      const lt = xml.indexOf('<', p);
      if (lt < 0) {
        out += decodeText(xml.slice(p));
        this.pos = xml.length;
        return out;
      }
      out += decodeText(xml.slice(p, lt));
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt);
        const stop = end < 0 ? xml.length : end;
        out += xml.slice(lt + 9, stop);
        p = stop + 3;
        continue;
      }
      if (xml.charCodeAt(lt + 1) === SLASH) {
        const gt = xml.indexOf('>', lt);
        this.pos = gt < 0 ? xml.length : gt + 1;
        return out;
      }
      // An unexpected child element: skip its tag, keep collecting text.
      const gt = xml.indexOf('>', lt);
      p = gt < 0 ? xml.length : gt + 1;
    }
  }

}

/** `_x000D_`-style escapes of characters XML cannot carry (ECMA-376 §22.9.2.19), in string items. */
export function decodeXstring(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** Bytes of XML decoded per piece; a part is never held as one string. */
const CHUNK_BYTES = 1 << 20;

/**
 * A part's XML as strings of about 1 MB, each cut just before a `<`: a tag never spans two pieces,
 * text between tags ends where its piece ends, and a multi-byte UTF-8 character is never split.
 * One string of a whole 50 MB sheet would be a single allocation a worker's heap limit cannot
 * stop gracefully (it aborts the process instead of ending the worker).
 */
export function* xmlPieces(xml: Buffer): Generator<string> {
  let start = 0;
  while (start < xml.length) {
    let end = Math.min(xml.length, start + CHUNK_BYTES);
    if (end < xml.length) {
      const cut = xml.lastIndexOf(0x3c, end);
      if (cut > start) end = cut;
    }
    yield xml.toString('utf8', start, end);
    start = end;
  }
}
