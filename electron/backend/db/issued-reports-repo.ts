// Issued reports (migration 7): numbered per ledger and kind, with their figures, text and file bytes.
import { reportFiguresSchema, reportTextSchema, type ReportFiguresDto, type ReportText } from '#shared/api/report-api.js';
import { writeTransaction } from './write-transaction.js';
import type { ChangeLog, WriteContext } from './change-log.js';
import type { Db } from './open-database.js';
import { parseStoredJson } from './stored-json.js';

export type IssuedReportKind = 'monthly' | 'quarterly' | 'annual';

export interface IssuedReportRecord {
  id: number;
  ledgerId: number;
  kind: IssuedReportKind;
  period: string;
  issue: number;
  issuedAt: string;
  actor: string;
  issuer: string;
  docxName: string;
  xlsxName: string;
}

export interface IssuedReportContent {
  figures: ReportFiguresDto;
  text: ReportText;
  docx: Uint8Array<ArrayBuffer>;
  xlsx: Uint8Array<ArrayBuffer>;
}

export interface NewIssuedReport extends Omit<IssuedReportRecord, 'id' | 'actor'>, IssuedReportContent {}

const COLUMNS = `id, ledger_id AS ledgerId, kind, period, issue, issued_at AS issuedAt, actor, issuer, docx_name AS docxName, xlsx_name AS xlsxName`;

export class IssuedReportsRepo {
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly log: ChangeLog,
  ) {
    this.stmt = {
      next: db.prepare('SELECT coalesce(max(issue), 0) + 1 AS next FROM issued_reports WHERE ledger_id = ? AND kind = ?'),
      insert: db.prepare(
        `INSERT INTO issued_reports (ledger_id, kind, period, issue, issued_at, actor, issuer, figures, text, docx_name, docx, xlsx_name, xlsx)
         VALUES (@ledgerId, @kind, @period, @issue, @issuedAt, @actor, @issuer, @figures, @text, @docxName, @docx, @xlsxName, @xlsx)`,
      ),
      list: db.prepare(`SELECT ${COLUMNS} FROM issued_reports WHERE ledger_id = ? ORDER BY id DESC`),
      listKind: db.prepare(`SELECT ${COLUMNS} FROM issued_reports WHERE ledger_id = ? AND kind = ? ORDER BY id DESC`),
      get: db.prepare(`SELECT ${COLUMNS} FROM issued_reports WHERE id = ?`),
      content: db.prepare('SELECT figures, text, docx, xlsx FROM issued_reports WHERE id = ?'),
    };
  }

  /** The number the next report of this ledger and kind gets (第N期). */
  nextIssue(ledgerId: number, kind: IssuedReportKind): number {
    return (this.stmt.next.get(ledgerId, kind) as { next: number }).next;
  }

  /**
   * Stores an issued report in one write transaction, taken up front. Returns undefined when its number was
   * taken meanwhile (another window or process issued first): the caller renders again with the next number.
   */
  issue(ctx: WriteContext, report: NewIssuedReport, title: string): IssuedReportRecord | undefined {
    return writeTransaction(this.db, () => {
        if (this.nextIssue(report.ledgerId, report.kind) !== report.issue) return undefined;
        const id = Number(
          this.stmt.insert.run({
            ...report,
            actor: ctx.actor,
            figures: JSON.stringify(report.figures),
            text: JSON.stringify(report.text),
            docx: Buffer.from(report.docx),
            xlsx: Buffer.from(report.xlsx),
          }).lastInsertRowid,
        );
        // The change log has no row for a report: it is logged against the ledger (row_id NULL).
        this.log.record(
          ctx,
          { ledgerId: report.ledgerId, rowId: null, action: 'issue_report', field: report.kind, period: report.period, newValue: `${title}（第${report.issue}期）` },
          report.issuedAt,
        );
        return this.get(id)!;
      })();
  }

  list(ledgerId: number, kind?: IssuedReportKind): IssuedReportRecord[] {
    return (kind ? this.stmt.listKind.all(ledgerId, kind) : this.stmt.list.all(ledgerId)) as IssuedReportRecord[];
  }

  get(id: number): IssuedReportRecord | undefined {
    return this.stmt.get.get(id) as IssuedReportRecord | undefined;
  }

  content(id: number): IssuedReportContent | undefined {
    const r = this.stmt.content.get(id) as { figures: string; text: string; docx: Buffer; xlsx: Buffer } | undefined;
    if (!r) return undefined;
    const what = `第 ${id} 号已印发报告`;
    return {
      figures: parseStoredJson(reportFiguresSchema, r.figures, `${what}的统计数据`),
      text: parseStoredJson(reportTextSchema, r.text, `${what}的正文`),
      docx: new Uint8Array(r.docx),
      xlsx: new Uint8Array(r.xlsx),
    };
  }
}
