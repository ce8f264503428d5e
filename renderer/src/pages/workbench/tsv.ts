// Tab-separated text as Excel and WPS put it on the clipboard: cells with tabs, line breaks or quotes
// are wrapped in double quotes, with "" for a quote inside.

/** Parses a clipboard block into rows of cells; a trailing line break does not make an empty row. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const t = text.replace(/\r\n?/g, '\n');
  while (i < t.length) {
    const ch = t[i]!;
    if (ch === '"' && cell === '') {
      // A quoted cell: read to the closing quote.
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < t.length) {
        if (t[j] === '"') {
          if (t[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += t[j];
        j++;
      }
      if (closed && (j >= t.length || t[j] === '\t' || t[j] === '\n')) {
        cell = value;
        i = j;
        continue;
      }
      // Not a well-formed quoted cell: take the quote literally.
      cell += ch;
      i++;
      continue;
    }
    if (ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
    i++;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function quote(cell: string): string {
  return /[\t\n\r"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function formatTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join('\t')).join('\r\n');
}
