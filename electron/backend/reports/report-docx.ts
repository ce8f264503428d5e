// The report as a Word 公文 (.docx) in the layout of GB/T 9704-2012: A4 portrait, margins 37/35/28/26 mm,
// title 方正小标宋简体 二号 centred, 期号 line 第N期, the issuing unit and date above a red rule, body 仿宋_GB2312
// 三号 on a fixed 28.95 pt line, headings 黑体 (一、) and 楷体 (（一）), page numbers “— 1 —” in the footer;
// the charts as PNG images, the ranked unit table and the attention list as tables.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  convertMillimetersToTwip,
  type IBorderOptions,
  type IFontAttributesProperties,
} from 'docx';
import type { ReportFigures, UnitFigure } from '#shared/report-figures.js';
import { REPORT_SECTION_HEADINGS, pctText, reportTitle, type ReportTextParts } from '#shared/report-text.js';
import type { ChartImage } from './report-charts.js';

export interface DocxInput {
  figures: ReportFigures;
  text: ReportTextParts;
  issue: number;
  /** The issuing unit: 未央区教育局督查室. */
  issuer: string;
  /** YYYY-MM-DD. */
  date: string;
  charts: readonly ChartImage[];
}

const font = (eastAsia: string): IFontAttributesProperties => ({ eastAsia, ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' });
const FANGSONG = font('仿宋_GB2312');
const HEITI = font('黑体');
const KAITI = font('楷体_GB2312');
const XIAOBIAOSONG = font('方正小标宋简体');
const SONGTI = font('宋体');

/** Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt. */
const SIZE = { erhao: 44, sanhao: 32, sihao: 28, wuhao: 21 } as const;
/** 28.95 pt fixed lines (22 lines of 28 characters on the page). */
const BODY_LINE = { line: 579, lineRule: LineRuleType.EXACT } as const;
/** Two characters of 三号. */
const INDENT = { firstLine: 640 };
const TEXT_WIDTH_MM = 210 - 28 - 26;
const TEXT_WIDTH_TWIP = convertMillimetersToTwip(TEXT_WIDTH_MM);
/** The text width in CSS pixels (96 dpi), for images. */
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH_MM / 25.4) * 96);

export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

const run = (text: string, f: IFontAttributesProperties, size: number = SIZE.sanhao, extra: { bold?: boolean; color?: string } = {}) =>
  new TextRun({ text, font: f, size, ...extra });

function bodyParagraph(line: string): Paragraph {
  // （一）压实工作责任。… — the sub-heading in 楷体, the rest of the paragraph in 仿宋.
  const sub = /^(（[一二三四五六七八九十]+）[^。：:]*[。：:]?)(.*)$/.exec(line);
  const children = sub ? [run(sub[1]!, KAITI), ...(sub[2] ? [run(sub[2], FANGSONG)] : [])] : [run(line, FANGSONG)];
  return new Paragraph({ children, indent: INDENT, spacing: BODY_LINE, alignment: AlignmentType.JUSTIFIED });
}

function paragraphs(text: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map(bodyParagraph);
}

const heading = (text: string) => new Paragraph({ children: [run(text, HEITI)], indent: INDENT, spacing: BODY_LINE });

function chartParagraphs(charts: readonly ChartImage[]): Paragraph[] {
  return charts.flatMap((c) => {
    const width = Math.min(TEXT_WIDTH_PX - 20, c.width);
    const height = Math.round((width * c.height) / c.width);
    return [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 120, after: 60 },
        children: [new ImageRun({ type: 'png', data: c.png, transformation: { width, height }, altText: { name: c.title, title: c.title, description: c.title } })],
      }),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(`图：${c.title}`, KAITI, SIZE.wuhao)] }),
    ];
  });
}

const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const cellBorders = { top: thin, bottom: thin, left: thin, right: thin };

function table(header: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): Table {
  const total = widths.reduce((s, w) => s + w, 0);
  const twips = widths.map((w) => Math.floor((TEXT_WIDTH_TWIP * w) / total));
  const cell = (text: string, i: number, head: boolean) =>
    new TableCell({
      width: { size: twips[i]!, type: WidthType.DXA },
      borders: cellBorders,
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { left: 60, right: 60, top: 30, bottom: 30 },
      children: [
        new Paragraph({
          alignment: i === 1 && !head ? AlignmentType.LEFT : AlignmentType.CENTER,
          children: [run(text, head ? HEITI : FANGSONG, SIZE.wuhao)],
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH_TWIP, type: WidthType.DXA },
    columnWidths: twips,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
    ],
  });
}

const rankChange = (u: UnitFigure): string => {
  if (u.previousRank == null) return '—';
  const d = u.previousRank - u.rank;
  return d > 0 ? `↑${d}` : d < 0 ? `↓${-d}` : '—';
};

/** The columns of the ranked unit table, per kind (the same in the Word table and the Excel attachment). */
export function unitTable(figures: ReportFigures): { header: string[]; rows: string[][]; widths: number[] } {
  const header = ['名次', '单位', '任务数', '已完成', '完成率', '平均进度', '红灯', '黄灯', '绿灯'];
  const widths = [5, 20, 6, 6, 8, 8, 5, 5, 5];
  if (figures.kind === 'quarterly') {
    header.push('上季名次', '变化');
    widths.push(7, 6);
  }
  if (figures.kind === 'annual') {
    header.push('得分', '等次');
    widths.push(7, 7);
  }
  const rows = figures.units.map((u) => {
    const r = [String(u.rank), u.unit, String(u.assignments), String(u.done), pctText(u.completionRate), `${u.meanProgress.toFixed(1)}%`, String(u.red), String(u.yellow), String(u.green)];
    if (figures.kind === 'quarterly') r.push(u.previousRank == null ? '—' : String(u.previousRank), rankChange(u));
    if (figures.kind === 'annual') r.push((u.score ?? 0).toFixed(1), u.grade ?? '');
    return r;
  });
  return { header, rows, widths };
}

/** Red tasks in the Word document's attention table. */
export const MAX_DOC_ATTENTION = 50;

const LIGHT_NAMES = { green: '绿灯', yellow: '黄灯', red: '红灯' } as const;

/** The attention list: each red task, then its red or overdue rows (the same in Word and Excel). */
export function attentionTable(figures: ReportFigures): { header: string[]; rows: string[][]; widths: number[] } {
  const rows: string[][] = [];
  figures.attention.forEach((a, i) => {
    rows.push([String(i + 1), `${a.code ? `${a.code}. ` : ''}${a.task}`, a.units.join('、'), `${a.progress}%`, `${a.expected}%`, LIGHT_NAMES[a.light], a.overdue ? '是' : '否']);
    for (const it of a.items) rows.push(['', `  └ ${it.text}`, it.units.join('、'), `${it.progress}%`, `${it.expected}%`, LIGHT_NAMES[it.light], it.overdue ? '是' : '否']);
  });
  return { header: ['序号', '事项', '责任单位', '完成进度', '序时进度', '亮灯', '逾期'], rows, widths: [5, 34, 18, 8, 8, 6, 5] };
}

export async function buildReportDocx(input: DocxInput): Promise<Uint8Array<ArrayBuffer>> {
  const { figures, text } = input;
  const chart = (id: ChartImage['id']) => input.charts.filter((c) => c.id === id);
  const units = unitTable(figures);
  // The document lists the first MAX_DOC_ATTENTION red tasks; the Excel attachment lists every one.
  const attention = attentionTable({ ...figures, attention: figures.attention.slice(0, MAX_DOC_ATTENTION) });
  const red = { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 4 };

  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 120, line: 700, lineRule: LineRuleType.AT_LEAST }, children: [run(reportTitle(figures), XIAOBIAOSONG, SIZE.erhao)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: BODY_LINE, children: [run(`第${input.issue}期`, FANGSONG)] }),
    new Paragraph({
      spacing: { ...BODY_LINE, after: 240 },
      border: { bottom: red },
      tabStops: [{ type: 'right', position: TEXT_WIDTH_TWIP }],
      children: [run(input.issuer, FANGSONG), run(`\t${chineseDate(input.date)}`, FANGSONG)],
    }),
    heading(REPORT_SECTION_HEADINGS[0]),
    ...paragraphs(text.overview),
    ...chartParagraphs([...chart('status'), ...chart('lights'), ...chart('trend')]),
    heading(REPORT_SECTION_HEADINGS[1]),
    ...paragraphs(text.units),
    ...chartParagraphs(chart('units')),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 }, children: [run('各单位推进情况表', HEITI, SIZE.sihao)] }),
    units.rows.length ? table(units.header, units.rows, units.widths) : bodyParagraph('（无责任单位）'),
    heading(REPORT_SECTION_HEADINGS[2]),
    ...paragraphs(text.problems),
  ];
  if (attention.rows.length) {
    children.push(
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 }, children: [run('滞后逾期事项清单', HEITI, SIZE.sihao)] }),
      table(attention.header, attention.rows, attention.widths),
    );
    if (figures.attention.length > MAX_DOC_ATTENTION) {
      children.push(bodyParagraph(`（表中列出前${MAX_DOC_ATTENTION}项，共${figures.attention.length}项，完整清单见附件。）`));
    }
  }
  children.push(
    heading(REPORT_SECTION_HEADINGS[3]),
    ...paragraphs(text.requirements),
    new Paragraph({ spacing: BODY_LINE, children: [] }),
    new Paragraph({
      indent: INDENT,
      spacing: BODY_LINE,
      children: [run(`附件：${figures.kind === 'annual' ? '各单位推进情况表、滞后逾期事项清单、评分表' : '各单位推进情况表、滞后逾期事项清单'}（Excel）`, FANGSONG)],
    }),
    new Paragraph({ spacing: BODY_LINE, children: [] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: 640 }, spacing: BODY_LINE, children: [run(input.issuer, FANGSONG)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: 640 }, spacing: BODY_LINE, children: [run(chineseDate(input.date), FANGSONG)] }),
  );

  const doc = new Document({
    creator: input.issuer,
    title: reportTitle(figures),
    description: `${figures.label} 第${input.issue}期`,
    styles: { default: { document: { run: { font: FANGSONG, size: SIZE.sanhao } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
              footer: convertMillimetersToTwip(20),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ font: SONGTI, size: SIZE.sihao, children: ['— ', PageNumber.CURRENT, ' —'] })] })],
          }),
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
