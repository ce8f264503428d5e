/** Decodes XML character references and the five predefined entities (&amp; last, so it is not decoded twice). */
export function decodeXmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/**
 * The next `byte` at or after `from`, -1 when there is none. A plain loop: tags and cell values are a few
 * bytes long, and Buffer#indexOf costs more to call than this costs to run over them.
 */
export function findByte(xml: Buffer, byte: number, from: number): number {
  for (let i = from; i < xml.length; i++) if (xml[i] === byte) return i;
  return -1;
}
