// 通报印发: generate the draft (report.draft), edit its four text parts, download Word/Excel
// (report.render), issue it (report.issue, 第N期) and reopen what was issued (report.issued / report.open).
import { useCallback, useEffect, useState } from 'react';
import type { IssuedReport, ReportText } from '#shared/api/report-api.js';
import type { Ledger } from '#shared/domain.js';
import { REPORT_KIND_LABELS, type ReportKind } from '#shared/report-figures.js';
import { client } from '../../api/client.js';
import { SAVE_CANCELLED_TEXT, saveFile, saveFiles, savedWhere } from '../../api/host-files.js';
import { errorText } from '../../ui/Notice.js';
import { useBusy } from '../../ui/use-busy.js';
import type { PageProps } from '../page-props.js';

const PARTS: { key: keyof ReportText; label: string }[] = [
  { key: 'overview', label: '一、总体情况' },
  { key: 'units', label: '二、各单位推进情况' },
  { key: 'problems', label: '三、存在问题' },
  { key: 'requirements', label: '四、下步工作要求' },
];

export interface IssuePanelProps {
  ledger: Ledger;
  kind: ReportKind;
  period: string;
  periodLabel: string;
  notify: PageProps['notify'];
}

export function IssuePanel({ ledger, kind, period, periodLabel, notify }: IssuePanelProps) {
  const [draft, setDraft] = useState<{ text: ReportText; issue: number } | null>(null);
  const { busy, error: message, setError: setMessage, run } = useBusy();
  const [issued, setIssued] = useState<IssuedReport[]>([]);
  const [issuedMessage, setIssuedMessage] = useState<string | null>(null);
  const ref = { ledgerId: ledger.id, kind, period };

  const loadIssued = useCallback(async () => {
    try {
      setIssued(await client.call('report.issued', { ledgerId: ledger.id }));
      setIssuedMessage(null);
    } catch (err) {
      setIssued([]);
      setIssuedMessage(errorText(err));
    }
  }, [ledger.id]);

  useEffect(() => {
    void loadIssued();
  }, [loadIssued]);

  // Another period or kind: the draft was for the old one.
  useEffect(() => {
    setDraft(null);
    setMessage(null);
  }, [ledger.id, kind, period, setMessage]);

  const generate = () =>
    run('draft', async () => {
      const d = await client.call('report.draft', ref);
      setDraft({ text: d.text, issue: d.issue });
    });

  const download = (which: 'docx' | 'xlsx') =>
    run(which, async () => {
      const r = await client.call('report.render', { ...ref, ...(draft ? { text: draft.text, issue: draft.issue } : {}) });
      const file = r[which];
      // Without a draft the document carries the generated text: show it, editable, with its number.
      setDraft((d) => d ?? { text: r.text, issue: r.issue });
      const saved = await saveFile(file);
      notify({ kind: 'info', text: saved.saved ? `已生成“${file.fileName}”${savedWhere(saved)}。` : SAVE_CANCELLED_TEXT });
    });

  const issue = () =>
    run('issue', async () => {
      if (!window.confirm(`确定印发${periodLabel}${REPORT_KIND_LABELS[kind]}（第${draft?.issue ?? ''}期）吗？印发后内容不可再改。`)) return;
      const r = await client.call('report.issue', { ...ref, ...(draft ? { text: draft.text } : {}) });
      notify({ kind: 'info', text: `已印发${REPORT_KIND_LABELS[r.kind]}第${r.issue}期。` });
      setDraft(null);
      await loadIssued();
    });

  async function open(report: IssuedReport) {
    try {
      const r = await client.call('report.open', { issuedId: report.id });
      // The 公文 and its attachment belong together: one folder in the desktop shell, two downloads in the browser.
      const saved = await saveFiles([r.docx, r.xlsx]);
      if (!saved.saved) notify({ kind: 'info', text: SAVE_CANCELLED_TEXT });
      else if (saved.where) notify({ kind: 'info', text: `已保存“${r.docx.fileName}”和“${r.xlsx.fileName}”${savedWhere(saved)}。` });
    } catch (err) {
      notify({ kind: 'error', text: errorText(err) });
    }
  }

  return (
    <section className="dash-panel issue-panel" data-testid="issue-panel">
      <header className="dash-panel-head">
        <h3>
          通报印发 <small>{periodLabel}{REPORT_KIND_LABELS[kind]}</small>
        </h3>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => void generate()} disabled={busy != null} data-testid="report-draft">
          {busy === 'draft' ? '正在生成…' : draft ? '重新生成' : '生成通报'}
        </button>
        <button type="button" onClick={() => void download('docx')} disabled={busy != null} data-testid="report-docx">
          预览/下载 Word
        </button>
        <button type="button" onClick={() => void download('xlsx')} disabled={busy != null} data-testid="report-xlsx">
          下载 Excel 附件
        </button>
        <button type="button" onClick={() => void issue()} disabled={busy != null || !draft} data-testid="report-issue" title={draft ? '' : '请先生成通报'}>
          印发
        </button>
      </header>
      {message && (
        <p className="issue-message" role="status" data-testid="issue-message">
          {message}
        </p>
      )}
      {draft && (
        <div className="issue-draft" data-testid="issue-draft">
          <p className="issue-number">
            拟编号：{REPORT_KIND_LABELS[kind]}第 <b data-testid="issue-number">{draft.issue}</b> 期
          </p>
          {PARTS.map((p) => (
            <label key={p.key} className="issue-part">
              {p.label}
              <textarea
                value={draft.text[p.key]}
                rows={p.key === 'requirements' || p.key === 'overview' ? 4 : 3}
                onChange={(e) => setDraft((d) => (d ? { ...d, text: { ...d.text, [p.key]: e.target.value } } : d))}
                data-testid={`issue-text-${p.key}`}
              />
            </label>
          ))}
        </div>
      )}
      <div className="issued-list" data-testid="issued-list">
        <h4>已印发</h4>
        {issuedMessage ? (
          <p className="muted">{issuedMessage}</p>
        ) : !issued.length ? (
          <p className="muted">尚未印发通报。</p>
        ) : (
          <table className="dash-table">
            <thead>
              <tr>
                <th>期数</th>
                <th>类别</th>
                <th>期间</th>
                <th>印发时间</th>
                <th>印发单位</th>
                <th>印发人</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {issued.map((r) => (
                <tr key={r.id} data-testid="issued-row">
                  <td>第{r.issue}期</td>
                  <td>{REPORT_KIND_LABELS[r.kind]}</td>
                  <td>{r.period}</td>
                  <td>{r.issuedAt.replace('T', ' ').slice(0, 16)}</td>
                  <td>{r.issuer}</td>
                  <td>{r.actor}</td>
                  <td>
                    <button type="button" onClick={() => void open(r)} data-testid={`issued-open-${r.id}`}>
                      打开
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
