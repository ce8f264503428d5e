// What exceljs loses on a read-modify-write survives an export into the template: a chart over the
// table and an x14 drop-down (list on another sheet). Every part but the data sheet and styles.xml
// is the template's own, byte for byte, and LibreOffice opens the result (and still sees the chart).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateDto } from '#shared/api/template-api.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { entryData, inflateEntry, readZipDirectory } from '../../electron/backend/excel/zip-directory.js';
import { convertWithLibreOffice, sofficeAvailable } from '../helpers/soffice.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
const TEMPLATE = path.join(FIXTURES, 'templates', '台账模板-图表与跨表下拉.xlsx');

const tmp = makeTempDir('taizhang-fidelity-');
let backend: Backend;
let exported: Uint8Array;

async function call<T = any>(method: string, input: unknown): Promise<T> {
  const result = await backend.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function parts(bytes: Uint8Array): Map<string, { text: string; compressed: Buffer }> {
  return new Map(readZipDirectory(bytes, 1000).map((e) => [e.name, { text: inflateEntry(bytes, e).toString('utf8'), compressed: entryData(bytes, e) }]));
}

beforeAll(async () => {
  backend = createBackend(tmp.file('ledger.db'), { actor: 'test' });
  const plan = await call('plan.parse', { text: fs.readFileSync(path.join(FIXTURES, 'work-plan-2020.txt'), 'utf8') });
  const made = await call('plan.createLedger', { name: '2020年工作要点台账', year: 2020, sections: plan.sections });
  const template = await call<TemplateDto>('templates.add', { bytes: new Uint8Array(fs.readFileSync(TEMPLATE)), fileName: path.basename(TEMPLATE) });
  expect(template.layout).toMatchObject({ sheet: '重点工作台账', firstDataRow: 5 });
  exported = (await call('export.ledger', { ledgerId: made.ledger.id, templateId: template.id, includeItems: true })).bytes;
});

afterAll(() => {
  backend?.close();
  tmp.cleanup();
});

describe('exporting into a template with a chart and an x14 drop-down', () => {
  it('changes only the data sheet and styles.xml; every other part is the template’s, byte for byte', () => {
    const before = parts(fs.readFileSync(TEMPLATE));
    const after = parts(exported);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const changed = [...before].filter(([name, part]) => !after.get(name)!.compressed.equals(part.compressed)).map(([name]) => name);
    expect(changed.sort()).toEqual(['xl/styles.xml', 'xl/worksheets/sheet1.xml']);
    for (const name of ['xl/charts/chart1.xml', 'xl/drawings/drawing1.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/_rels/sheet1.xml.rels']) {
      expect(after.get(name)!.text).toBe(before.get(name)!.text);
    }
  });

  it('keeps the chart on the sheet and moves the x14 drop-down over the written rows', () => {
    const sheet = parts(exported).get('xl/worksheets/sheet1.xml')!.text;
    expect(sheet.match(/<drawing\b[^>]*>/)?.[0]).toBe('<drawing r:id="rIdChart"/>');
    const rows = [...sheet.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1]));
    const last = Math.max(...rows);
    expect(last).toBeGreaterThan(40);
    const x14 = /<x14:dataValidation\b[\s\S]*?<\/x14:dataValidation>/.exec(sheet)?.[0];
    expect(x14).toContain('<xm:f>选项!$A$1:$A$3</xm:f>');
    expect(x14?.match(/<xm:sqref>[^<]*<\/xm:sqref>/)?.[0]).toBe(`<xm:sqref>F5:F${last}</xm:sqref>`);
    // The drawing still comes before extLst, as the schema orders them.
    expect(sheet.indexOf('<drawing ')).toBeLessThan(sheet.indexOf('<extLst>'));
  });

  it.runIf(sofficeAvailable())('opens in LibreOffice, which prints it and still finds the chart', async () => {
    const file = tmp.file('图表台账.xlsx');
    fs.writeFileSync(file, exported);
    const pdf = await convertWithLibreOffice(file, tmp.file('pdf'), 'pdf');
    expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const again = new Uint8Array(fs.readFileSync(await convertWithLibreOffice(file, tmp.file('xlsx'))));
    expect([...parts(again).keys()].some((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))).toBe(true);
  }, 180_000);
});
