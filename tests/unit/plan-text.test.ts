import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan, planTasks } from '../../electron/backend/plan/plan-parser.js';
import { PlanInputError, decodeText, readPlanFile, readPlanText } from '../../electron/backend/plan/plan-text.js';
import { buildDocx, documentXml, docxPackage, DOCX_PLAN, zip } from '../fixtures/plans/make-docx.mjs';

const bytesOf = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));
const SAMPLE_BYTES = bytesOf('work-plan-2020.txt');
const SAMPLE = SAMPLE_BYTES.toString('utf8');
const OTHER = bytesOf('plans/other-bureau-plan.txt').toString('utf8');

/** Deterministic pseudo-random bytes (a fixed LCG), so a failure can be reproduced. */
function garbage(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 16;
  }
  return out;
}

async function inputError(bytes: Uint8Array, fileName?: string): Promise<PlanInputError> {
  const error = await readPlanText(bytes, fileName).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlanInputError);
  return error as PlanInputError;
}

describe('readPlanText: text encodings', () => {
  it('reads UTF-8 without BOM', async () => {
    expect(await readPlanText(SAMPLE_BYTES, 'work-plan-2020.txt')).toBe(SAMPLE);
  });

  it('reads UTF-8 with BOM and drops the BOM', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), SAMPLE_BYTES]);
    expect(await readPlanText(withBom)).toBe(SAMPLE);
  });

  it('reads UTF-16LE and UTF-16BE with BOM (Notepad "Unicode")', async () => {
    const le = Buffer.from(`\uFEFF${SAMPLE}`, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(await readPlanText(le)).toBe(SAMPLE);
    expect(await readPlanText(be)).toBe(SAMPLE);
  });

  it('reads UTF-16LE without BOM', async () => {
    expect(await readPlanText(Buffer.from(SAMPLE, 'utf16le'))).toBe(SAMPLE);
  });

  it('reads GBK/GB18030 (what WPS and Notepad save as ANSI on a Chinese PC)', async () => {
    const gbk = bytesOf('plans/other-bureau-plan-gbk.txt');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow(); // really not UTF-8
    const text = await readPlanText(gbk, '工作要点.txt');
    expect(text).toBe(OTHER);
    expect(parsePlan(text)).toEqual(parsePlan(OTHER));
  });

  it('decodeText is the synchronous .txt path', () => {
    expect(decodeText(new TextEncoder().encode('一、甲\n1.任务。'))).toBe('一、甲\n1.任务。');
  });
});

describe('readPlanText: .docx through mammoth, then parsePlan', () => {
  it('reads the committed .docx fixture into a plan', async () => {
    const text = await readPlanText(bytesOf('plans/other-bureau-plan.docx'), '新城区2022年工作要点.docx');
    const plan = parsePlan(text);

    expect(plan.preamble).toBe('新城区教育局2022年工作要点');
    expect(plan.sections.map((s) => s.label + s.title)).toEqual(['一、加强党的全面领导', '二、推进教育优质均衡发展']);
    expect(plan.sections[0]!.subsections!.map((s) => s.label + s.title)).toEqual(['（一）强化政治建设', '（二）加强队伍建设']);

    const tasks = planTasks(plan);
    expect(tasks.map((t) => [t.number, t.title])).toEqual([
      ['1', '加强理论武装'],
      ['2', '落实意识形态工作责任制'],
      ['3', '招聘教师150名'],
      ['4', '扩充学位资源'],
    ]);
    // Heading-only task: measures and the unit clause are separate Word paragraphs.
    expect(tasks[0]).toMatchObject({
      measures: ['深入学习贯彻党的二十大精神。', '全年开展中心组学习12次。'],
      units: ['办公室', '组织人事科'],
      leadUnits: ['办公室'],
    });
    // Text split across Word runs is joined again.
    expect(tasks[1]).toMatchObject({ measures: ['每季度开展1次分析研判'], leadUnits: ['办公室'], units: ['各学校'] });
    expect(tasks.flatMap((t) => t.targets.map((g) => g.text))).toEqual(['12次', '1次', '150名', '100%', '新增学位3000个', '2所']);
    expect(plan.trailing).toEqual(['新城区教育局', '2022年2月15日']);
    expect(plan.warnings).toHaveLength(1);
  });

  it('matches what make-docx.mjs generates', async () => {
    const committed = await readPlanText(bytesOf('plans/other-bureau-plan.docx'));
    expect(await readPlanText(buildDocx(DOCX_PLAN))).toBe(committed);
  });

  it('parses the 2020 sample the same from .docx as from .txt', async () => {
    const docx = buildDocx(SAMPLE.split('\n'));
    const plan = parsePlan(await readPlanText(docx, 'work-plan-2020.docx'));
    const fromTxt = parsePlan(SAMPLE);
    expect(plan.sections.map((s) => s.label)).toEqual(['一、', '二、', '三、', '四、', '五、', '五、', '七、']);
    expect(planTasks(plan).map((t) => t.number)).toEqual(planTasks(fromTxt).map((t) => t.number));
    expect(planTasks(plan).map((t) => t.targets)).toEqual(planTasks(fromTxt).map((t) => t.targets));
    expect(plan.trailing).toEqual(['陕公网安备:61011202000090号']);
  });
});

describe('readPlanText: input that is not a plan', () => {
  it('rejects empty bytes', async () => {
    const e = await inputError(new Uint8Array(0));
    expect(e.code).toBe('empty_input');
    expect(e.message).toContain('文件是空的');
  });

  it('rejects a text file with only blanks', async () => {
    expect((await inputError(new TextEncoder().encode(' \r\n\u3000\n'))).code).toBe('empty_input');
  });

  it('rejects a .docx without any text', async () => {
    const e = await inputError(buildDocx([]), '空白.docx');
    expect(e.code).toBe('empty_input');
    expect(e.message).toMatch(/Word 文档中没有文字/);
  });

  it.each([1, 2, 3, 4, 5])('rejects binary garbage (seed %i) with a Chinese message', async (seed) => {
    const e = await inputError(garbage(4096, seed), '工作要点.txt');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('PlanInputError');
    expect(e.code).toBe('not_text');
    expect(e.message).toBe('文件内容无法识别为文字，请确认选择的是工作要点的 .txt 或 .docx 文件');
  });

  it('rejects a short run of control bytes', async () => {
    expect((await inputError(new Uint8Array([0, 1, 2, 3, 4, 5, 255, 254, 0, 9]))).code).toBe('not_text');
  });

  it('rejects control bytes that happen to be valid UTF-8', async () => {
    const controls = Uint8Array.from({ length: 300 }, (_, i) => (i % 31) + 1);
    expect((await inputError(controls)).code).toBe('not_text');
  });

  it('rejects a zip that is not a Word document', async () => {
    const e = await inputError(zip({ 'a.txt': 'hello' }), '工作要点.docx');
    expect(e.code).toBe('unsupported_file');
    expect(e.message).toContain('.docx');
  });

  it('rejects a file named .docx that is not a zip', async () => {
    expect((await inputError(new TextEncoder().encode('一、甲'), '工作要点.docx')).code).toBe('unsupported_file');
  });

  it.each<[string, number[], RegExp]>([
    ['legacy .doc', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], /另存为” \.docx/],
    ['PDF', [...Buffer.from('%PDF-1.7\n')], /PDF/],
    ['RTF saved as .doc', [...Buffer.from('{\\rtf1\\ansi 一、甲}')], /RTF/],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /图片或压缩包/],
    ['HTML', [...Buffer.from('<!DOCTYPE html><html><body>一、甲</body></html>')], /网页/],
  ])('rejects %s as unsupported, saying what to do', async (_name, bytes, message) => {
    const e = await inputError(new Uint8Array(bytes));
    expect(e.code).toBe('unsupported_file');
    expect(e.message).toMatch(message);
  });
});

describe('readPlanFile: .docx container checks before mammoth', () => {
  it('refuses an Excel workbook picked as the plan', async () => {
    const e = await inputError(zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }), '工作要点.docx');
    expect(e.code).toBe('unsupported_file');
    expect(e.message).toContain('Excel 工作簿');
  });

  it('refuses a password-protected .docx (an OLE file with an EncryptedPackage stream)', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
      Buffer.from('EncryptedPackage', 'utf16le'),
      Buffer.alloc(64),
    ]);
    const e = await inputError(ole, '工作要点.docx');
    expect(e.code).toBe('unsupported_file');
    expect(e.message).toContain('密码');
  });

  it('refuses a .docx whose document.xml inflates beyond its declared size (a zip bomb)', async () => {
    const docx = Buffer.from(buildDocx(['一、甲', '1. 任务。'.repeat(5000)]));
    // Lower the declared size of word/document.xml in the central directory.
    const name = Buffer.from('word/document.xml');
    const central = docx.lastIndexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02])]), docx.lastIndexOf(name));
    expect(docx.subarray(central + 46, central + 46 + name.length).equals(name)).toBe(true);
    docx.writeUInt32LE(1000, central + 24);
    const e = await inputError(docx, '工作要点.docx');
    expect(e.code).toBe('unsupported_file');
    expect(e.message).toContain('内容过大');
  });

  it('notes Word automatic numbering, whose numbers are not in the text', async () => {
    const numbered = (text: string) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
    const xml = documentXml(['一、加强党建']).replace('<w:sectPr/>', `${['强化思想武装。', '加强意识形态工作。', '严格监督执纪。'].map(numbered).join('')}<w:sectPr/>`);
    const file = await readPlanFile(docxPackage(xml), '工作要点.docx');
    expect(file.text).toContain('强化思想武装。');
    expect(file.notes).toHaveLength(1);
    expect(file.notes[0]).toContain('3 段使用了自动编号');
    expect(file.notes[0]).toContain('粘贴到左侧文本框');

    // numId 0 switches numbering off; the committed fixture has none.
    const off = xml.replaceAll('w:val="3"', 'w:val="0"');
    expect((await readPlanFile(docxPackage(off))).notes).toEqual([]);
    expect((await readPlanFile(bytesOf('plans/other-bureau-plan.docx'))).notes).toEqual([]);
  });
});
