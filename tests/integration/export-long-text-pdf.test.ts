// Exports print long texts in full: Excel and LibreOffice do not grow rows written by a program, so the
// export sizes each row from its texts and the columns' widths (CJK counts two width units). Checked the
// way a clerk would see it: LibreOffice turns the export into a PDF, and every long text must be in it
// — into the built-in template and into the bureau's own meeting template.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { convertWithLibreOffice, sofficeAvailable } from '../helpers/soffice.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MEETING = path.resolve(import.meta.dirname, '..', 'fixtures', 'templates', '台账模板-重点工作推进情况.xlsx');
const tmp = makeTempDir('taizhang-longtext-');
let backend: Backend;
let ledgerId: number;

async function call<T = any>(method: string, input: unknown): Promise<T> {
  const result = await backend.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** A distinct long text: each sentence numbered so a lost line shows which one. */
function longText(tag: string, sentences: number): string {
  return Array.from({ length: sentences }, (_, i) => `${tag}第${i + 1}句：统筹推进学校新建改扩建项目，按月调度工程进度，确保秋季开学如期投入使用。`).join('');
}

const TEXTS = {
  task: longText('任务甲', 3),
  measures: longText('措施甲', 9),
  progress: longText('进展甲', 7),
  problems: longText('问题甲', 5),
  measures2: longText('措施乙', 12) + '\n' + longText('措施乙续', 4),
};

function pdfText(pdf: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

const canConvert = () => sofficeAvailable() && fs.existsSync('/usr/bin/pdftotext');

describe.runIf(canConvert() || process.env.CI === 'true')('exported long texts printed by LibreOffice', () => {
  beforeAll(async () => {
    backend = createBackend(tmp.file('long.db'), { actor: '办公室小王' });
    const ledger = await call('ledger.create', { name: '2020年重点工作台账', year: 2020 });
    ledgerId = ledger.id;
    const add = async (parentId: number | null, level: string, values: Record<string, string>) =>
      (await call('rows.add', { ledgerId, parentId, level, values, period: '2020-06' })).id as number;
    const s = await add(null, 'section', { code: '一', task: '优化教育资源布局' });
    const t = await add(s, 'task', { code: '1', task: TEXTS.task, leadDept: '规划建设科', units: '和平小学、东元中学', deadline: '年底前', status: '推进中' });
    await add(t, 'item', { measures: TEXTS.measures, units: '和平小学', progress: TEXTS.progress, problems: TEXTS.problems });
    await add(t, 'item', { measures: TEXTS.measures2, units: '东元中学' });
  });

  afterAll(() => {
    backend?.close();
    tmp.cleanup();
  });

  async function printed(templateId: number | null, name: string): Promise<string> {
    const result = await call('export.ledger', { ledgerId, templateId, period: '2020-06' });
    const file = tmp.file(`${name}.xlsx`);
    fs.writeFileSync(file, Buffer.from(result.bytes));
    return pdfText(await convertWithLibreOffice(file, tmp.file(`pdf-${name}`), 'pdf'));
  }

  function expectAllPrinted(text: string, absent: string[] = []) {
    for (const [field, value] of Object.entries(TEXTS)) {
      if (absent.includes(field)) continue;
      // Every sentence, so a clipped last line is caught and named.
      for (const sentence of value.replace(/\s+/g, '').split(/(?<=。)/).filter(Boolean)) {
        expect(text.includes(sentence), `${field}: “${sentence}” missing from the PDF`).toBe(true);
      }
    }
  }

  it('prints every long text in full from the built-in template', async () => {
    expectAllPrinted(await printed(null, 'builtin'));
  }, 240_000);

  it("prints every long text in full from the bureau's meeting template", async () => {
    const t = await call('templates.add', { bytes: new Uint8Array(fs.readFileSync(MEETING)), fileName: path.basename(MEETING) });
    // Its columns: 序号 … 目标任务 (目标值/单位), 推进情况 (累计完成/进展情况), 状态, 备注 — no 存在问题.
    expectAllPrinted(await printed(t.id, 'meeting'), ['problems']);
  }, 240_000);
});
