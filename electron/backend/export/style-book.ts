// The template's styles.xml, read enough to derive the few cell formats an export needs from the
// template's own (its data style with wrapping, bold section titles, status colours, locked or
// unlocked form cells). New formats are appended; the part is rewritten only when one was added.

/** What a derived format changes in its base. */
export interface StyleChange {
  bold?: boolean;
  /** Alignment attributes set over the base's (`default*` only where the base has none). */
  alignment?: Record<string, string>;
  alignmentDefaults?: Record<string, string>;
  fillArgb?: string;
  locked?: boolean;
}

interface Block {
  /** Where the block's children start and end in the xml. */
  start: number;
  end: number;
  items: string[];
  added: string[];
}

const ATTR = /([\w:]+)="([^"]*)"/g;

function attrs(tag: string): Map<string, string> {
  return new Map([...tag.matchAll(ATTR)].map((m) => [m[1]!, m[2]!]));
}

function renderAttrs(map: Map<string, string>): string {
  return [...map].map(([k, v]) => ` ${k}="${v}"`).join('');
}

export class StyleBook {
  private readonly blocks = new Map<string, Block | null>();
  private readonly derived = new Map<string, number>();
  private readonly prefix: string;

  constructor(private readonly xml: string) {
    this.prefix = /<(\w+:)?styleSheet\b/.exec(xml)?.[1] ?? '';
    for (const name of ['fonts', 'fills', 'borders', 'cellXfs']) this.blocks.set(name, this.readBlock(name));
  }

  private readBlock(name: string): Block | null {
    const p = this.prefix;
    const open = new RegExp(`<${p}${name}\\b[^>]*?(/?)>`).exec(this.xml);
    if (!open) return null;
    const start = open.index + open[0].length;
    if (open[1] === '/') return { start: open.index, end: open.index + open[0].length, items: [], added: [] };
    const end = this.xml.indexOf(`</${p}${name}>`, start);
    if (end < 0) return null;
    const item = name.replace(/s$/, '').replace(/^cellXf$/, 'xf');
    const items = this.xml.slice(start, end).match(new RegExp(`<${p}${item}\\b(?:[^>]*?/>|[^>]*>[\\s\\S]*?</${p}${item}>)`, 'g')) ?? [];
    return { start, end, items, added: [] };
  }

  private item(block: string, index: number): string {
    const b = this.blocks.get(block);
    return (b && (b.items[index] ?? b.added[index - b.items.length])) ?? '';
  }

  private add(block: string, xml: string): number {
    const b = this.blocks.get(block);
    if (!b) throw new Error(`styles.xml has no ${block}`);
    b.added.push(xml);
    return b.items.length + b.added.length - 1;
  }

  private xf(index: number): string {
    return this.item('cellXfs', index) || `<${this.prefix}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`;
  }

  private xfAttr(index: number, name: string): number {
    return Number(attrs(/^<[^>]*>/.exec(this.xf(index))?.[0] ?? '').get(name) ?? 0);
  }

  /** Font size in points of a cell format (11 when the font does not say). */
  fontSize(xfIndex: number): number {
    const sz = /<(?:\w+:)?sz\b[^>]*\bval="([\d.]+)"/.exec(this.item('fonts', this.xfAttr(xfIndex, 'fontId')));
    return sz ? Number(sz[1]) : 11;
  }

  /** Whether a format draws a border or a fill (a row of such cells is part of the table). */
  drawsSomething(xfIndex: number): boolean {
    const border = this.item('borders', this.xfAttr(xfIndex, 'borderId'));
    const fill = this.item('fills', this.xfAttr(xfIndex, 'fillId'));
    const pattern = /\bpatternType="(\w+)"/.exec(fill)?.[1];
    return /\bstyle="(?!none")\w+"/.test(border) || (pattern !== undefined && pattern !== 'none' && pattern !== 'gray125') || /gradientFill/.test(fill);
  }

  /** The index of a format like `base` with `change` applied (one new format per distinct change). */
  derive(base: number, change: StyleChange): number {
    const key = `${base}|${JSON.stringify(change)}`;
    const known = this.derived.get(key);
    if (known !== undefined) return known;
    const p = this.prefix;
    const xf = this.xf(base);
    const open = attrs(/^<[^>]*>/.exec(xf)?.[0] ?? '');
    const body = /^<[^>]*[^/]>([\s\S]*)<\/[^>]+>$/.exec(xf)?.[1] ?? '';
    if (change.bold) {
      const font = this.item('fonts', Number(open.get('fontId') ?? 0)) || `<${p}font/>`;
      if (!/<(?:\w+:)?b(?:\s+val="(?:1|true)")?\s*\/>/.test(font)) {
        const bold = font.endsWith('/>') ? `${font.slice(0, -2)}><${p}b/></${p}font>` : font.replace(/^(<[^>]*>)/, `$1<${p}b/>`);
        open.set('fontId', String(this.add('fonts', bold)));
      }
      open.set('applyFont', '1');
    }
    if (change.fillArgb) {
      const fill = `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${change.fillArgb}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`;
      open.set('fillId', String(this.add('fills', fill)));
      open.set('applyFill', '1');
    }
    let alignment = /<(?:\w+:)?alignment\b[^>]*\/?>/.exec(body)?.[0] ?? '';
    if (change.alignment || change.alignmentDefaults) {
      const a = attrs(alignment);
      for (const [k, v] of Object.entries(change.alignmentDefaults ?? {})) if (!a.has(k)) a.set(k, v);
      for (const [k, v] of Object.entries(change.alignment ?? {})) a.set(k, v);
      alignment = `<${p}alignment${renderAttrs(a)}/>`;
      open.set('applyAlignment', '1');
    }
    let protection = /<(?:\w+:)?protection\b[^>]*\/?>/.exec(body)?.[0] ?? '';
    if (change.locked !== undefined) {
      const a = attrs(protection);
      a.set('locked', change.locked ? '1' : '0');
      protection = `<${p}protection${renderAttrs(a)}/>`;
      open.set('applyProtection', '1');
    }
    const ext = /<(?:\w+:)?extLst\b[\s\S]*<\/(?:\w+:)?extLst>/.exec(body)?.[0] ?? '';
    const children = alignment + protection + ext;
    const index = this.add('cellXfs', `<${p}xf${renderAttrs(open)}${children ? `>${children}</${p}xf>` : '/>'}`);
    this.derived.set(key, index);
    return index;
  }

  /** styles.xml with the formats added, or null when none were. */
  toXml(): string | null {
    const changed = [...this.blocks].filter(([, b]) => b && b.added.length) as [string, Block][];
    if (!changed.length) return null;
    let out = '';
    let at = 0;
    for (const [name, b] of changed.sort((x, y) => x[1].start - y[1].start)) {
      const p = this.prefix;
      const count = b.items.length + b.added.length;
      if (b.items.length === 0 && this.xml.slice(b.start, b.end).endsWith('/>')) {
        out += this.xml.slice(at, b.start) + `<${p}${name} count="${count}">${b.added.join('')}</${p}${name}>`;
        at = b.end;
        continue;
      }
      // The opening tag's count, then the old children and the new ones.
      const openStart = this.xml.lastIndexOf(`<${p}${name}`, b.start);
      const openTag = this.xml.slice(openStart, b.start).replace(/\scount="\d+"/, '').replace(/>$/, ` count="${count}">`);
      out += this.xml.slice(at, openStart) + openTag + this.xml.slice(b.start, b.end) + b.added.join('');
      at = b.end;
    }
    return out + this.xml.slice(at);
  }
}
