// Submissions that carry 佐证材料: a school's .zip holding its form and its photos, or several files dropped
// at once. The forms go on to the submission reader; the other files are held with the preview and, when it
// is applied, attached to that unit's rows for that month — by the task number in the file or folder name
// (`5-学位建设/竣工.jpg`, `任务5_验收.pdf`), else to the unit's rows in its form as a whole. The preview
// lists them first (submissions.evidence), from the same preview the import shows and applies
// (currentPreview). Kept apart from the import code: it hooks in with three lines.
import type { SubmissionEvidenceItem } from '#shared/api/evidence-api.js';
import { AppError } from '#shared/errors.js';
import { assignmentsByUnit, UnitDirectory } from '#shared/responsibility.js';
import type { WriteContext } from '../db/change-log.js';
import type { FigureSourceRow } from '../db/rows-repo.js';
import { sniffFileKind } from '../excel/file-signature.js';
import { currentPreview } from '../import/import-apply.js';
import type { PreviewSession } from '../import/import-preview.js';
import type { MatchRow } from '../import/row-matching.js';
import type { Store } from '../store.js';
import { sha256Hex } from './evidence-folder.js';
import { attachEvidence, type CheckedFile } from './evidence-service.js';
import { checkedZipDirectory, detectEvidenceType, EvidenceRefused, inflateChecked } from './evidence-type.js';
import { sanitiseFileName, zipEntryName } from './file-name.js';

interface HeldFile {
  /** Path inside the zip (folders kept for the task number), or the dropped file's name. */
  path: string;
  /** The zip it came from, or null when dropped loose. */
  container: string | null;
  /** Which forms it goes with: the same zip, or the same drop. */
  group: string;
  file: CheckedFile | null;
  /** Why it will not be attached (unsupported type, too big). */
  refusal: string | null;
}

interface Held {
  session: PreviewSession;
  files: HeldFile[];
  /** Form file keys of the session per group. */
  formsByGroup: Map<string, string[]>;
  nextGroup: number;
}

const held = new Map<string, Held>();
const MAX_HELD = 20;

/** Files of no interest that archivers and file managers add. */
const JUNK = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|~\$)/i;
/** Workbooks in folders named like this are evidence (a sign-in sheet), not the form. */
const EVIDENCE_FOLDER = /(佐证|附件|材料|照片|图片)/;

/**
 * A form goes to the submission reader: anything named like a workbook (its own messages explain a
 * broken, encrypted or mis-named one), or whose bytes are a workbook whatever its name.
 */
function isFormBytes(bytes: Uint8Array, name: string): boolean {
  if (/\.(xlsx|xlsm|xls|csv|et)$/i.test(name)) return true;
  if (sniffFileKind(bytes) !== 'zip') return false;
  try {
    const names = new Set(checkedZipDirectory(bytes).map((e) => e.name.replace(/^\//, '')));
    return names.has('xl/workbook.xml') || names.has('xl/workbook.bin');
  } catch {
    return false;
  }
}

/** Bytes the evidence checks take up: a type they recognise, or one they refuse loudly (a program). */
function isEvidenceKind(bytes: Uint8Array): boolean {
  try {
    detectEvidenceType(bytes);
    return true;
  } catch (err) {
    return !(err instanceof EvidenceRefused && (err.code === 'unsupported_file' || err.code === 'empty_file'));
  }
}

/** A zip that is an archive (not a workbook or document) is opened; an Office document is not. */
function isArchive(bytes: Uint8Array): boolean {
  if (sniffFileKind(bytes) !== 'zip') return false;
  const names = new Set(checkedZipDirectory(bytes).map((e) => e.name.replace(/^\//, '')));
  return !['xl/workbook.xml', 'xl/workbook.bin', 'word/document.xml', 'ppt/presentation.xml', 'OFD.xml', 'mimetype'].some((n) => names.has(n));
}

function check(path: string, bytes: Uint8Array, store: Store, container: string | null): { file: CheckedFile | null; refusal: string | null } {
  const where = container ? `“${container}”中的“${path}”` : `“${path}”`;
  if (bytes.length > store.evidenceLimits.maxFileBytes) {
    return { file: null, refusal: `超过单个文件的上限 ${Math.round(store.evidenceLimits.maxFileBytes / 1024 / 1024)} MB，未添加` };
  }
  try {
    const type = detectEvidenceType(bytes);
    return { file: { name: sanitiseFileName(path, type), bytes, type, sha256: sha256Hex(bytes) }, refusal: null };
  } catch (err) {
    if (!(err instanceof EvidenceRefused)) throw err;
    // A program or a bomb refuses the whole import: nothing of it is read, nothing half-applied.
    if (['executable_file', 'zip_bomb', 'archive_too_deep'].includes(err.code)) {
      throw new AppError('unsupported_file', `${where}${err.message.startsWith('是') || err.message.startsWith('压缩包中') ? '' : '：'}${err.message}。未导入任何文件，请删除该文件后重新打包发送。`);
    }
    return { file: null, refusal: err.message.replace(/^是/, '').replace(/^不是/, '不是') };
  }
}

/**
 * Takes the evidence out of the files given to submissions.preview and holds it with the preview;
 * returns the files to read as forms (entries of a zip under their own names).
 */
export function holdSubmissionEvidence<F extends { name: string; bytes: Uint8Array }>(store: Store, session: PreviewSession, files: readonly F[]): F[] {
  const h: Held = held.get(session.id) ?? { session, files: [], formsByGroup: new Map(), nextGroup: 1 };
  const forms: { file: F; group: string }[] = [];
  const evidence: HeldFile[] = [];
  // Loose files of one preview go together, however the page splits them into calls.
  const drop = 'drop';
  let total = 0;
  for (const f of files) {
    if (isFormBytes(f.bytes, f.name)) {
      forms.push({ file: f, group: drop });
      continue;
    }
    if (sniffFileKind(f.bytes) === 'zip' && isArchive(f.bytes)) {
      const group = `zip${h.nextGroup++}`;
      let entries;
      try {
        entries = checkedZipDirectory(f.bytes);
      } catch (err) {
        if (err instanceof EvidenceRefused) throw new AppError('unsupported_file', `“${f.name}”：${err.message}。未导入任何文件。`);
        throw err;
      }
      for (const e of entries) {
        const path = zipEntryName(e);
        if (path.endsWith('/') || JUNK.test(path)) continue;
        let data: Buffer;
        try {
          data = inflateChecked(f.bytes, e);
        } catch (err) {
          if (err instanceof EvidenceRefused) throw new AppError('unsupported_file', `“${f.name}”：${err.message}。未导入任何文件。`);
          throw err;
        }
        if (!data.length) continue;
        total += data.length;
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        const base = path.split('/').pop()!;
        if (!EVIDENCE_FOLDER.test(path.slice(0, path.length - base.length)) && isFormBytes(bytes, base)) {
          forms.push({ file: { ...f, name: base, bytes } as F, group });
        } else {
          evidence.push({ path, container: f.name, group, ...check(path, bytes, store, f.name) });
        }
      }
      continue;
    }
    // A loose file that is no kind of evidence either (text, an unknown format) is the reader's to
    // explain: it gets a file card with the submission reader's message, as before evidence existed.
    if (!isEvidenceKind(f.bytes)) {
      forms.push({ file: f, group: drop });
      continue;
    }
    total += f.bytes.length;
    evidence.push({ path: f.name, container: null, group: drop, ...check(f.name, f.bytes, store, null) });
  }
  if (total > store.evidenceLimits.maxBatchBytes) {
    throw new AppError('too_large', `这次导入的佐证材料共约 ${Math.round(total / 1024 / 1024)} MB，超过一次导入的上限 ${Math.round(store.evidenceLimits.maxBatchBytes / 1024 / 1024)} MB。请分几次导入。`);
  }
  // Session file keys are given in order as the forms are added (see submissions.preview).
  let key = session.nextKey;
  for (const f of forms) {
    const list = h.formsByGroup.get(f.group) ?? [];
    list.push(`f${key++}`);
    h.formsByGroup.set(f.group, list);
  }
  h.files.push(...evidence);
  if (h.files.length || held.has(session.id)) {
    held.set(session.id, h);
    while (held.size > MAX_HELD) held.delete(held.keys().next().value!);
  }
  return forms.map((f) => f.file);
}

/** The task number a path names: a folder or file name starting with it (`5-…`, `5、…`, `任务5`, `第5项`). */
export function taskNumberIn(path: string): string | null {
  const parts = path.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const stem = i === parts.length - 1 ? parts[i]!.replace(/\.[a-z0-9]{2,5}$/i, '') : parts[i]!;
    // A file named only by a number (1.jpg, 2.jpg) is a photo's count, not a task; a folder may be.
    const bare = i === parts.length - 1 ? /^(?:任务|第)\s*(\d{1,3})(?:项|号)?(?:$|[\s_\-—.、．，,）)】\]])|^(\d{1,3})(?:项|号)?[\s_\-—.、．，,）)】\]]+\S/ : /^(?:任务|第)?\s*(\d{1,3})(?:项|号)?(?:$|[\s_\-—.、．，,）)】\]])/;
    const m = bare.exec(stem) ?? /(?:^|[\s_\-—（(【[])(?:任务|第)(\d{1,3})(?:项|号)?/.exec(stem);
    if (m) return (m[1] ?? m[2])!;
  }
  return null;
}

interface PlannedEvidence {
  held: HeldFile;
  unit: string | null;
  period: string | null;
  rows: MatchRow[];
  /** Rows that are tasks standing for the unit's row the import is about to add under them. */
  pendingNew?: Set<number>;
  reason: string;
}

function planned(store: Store, h: Held): PlannedEvidence[] {
  // The preview the clerk sees (and the apply writes), not one built again.
  const preview = currentPreview(store, h.session).value;
  const planByKey = new Map(preview.plan.map((p) => [p.dto.key, p]));
  const dir = new UnitDirectory(store.units.list());
  let ledgerRows: FigureSourceRow[] | null = null;
  const rowsOf = () => (ledgerRows ??= store.rows.figureRowsInOrder(h.session.ledgerId));
  return h.files.map((f): PlannedEvidence => {
    if (!f.file) return { held: f, unit: null, period: null, rows: [], reason: f.refusal ?? '不能添加' };
    const forms = (h.formsByGroup.get(f.group) ?? []).map((k) => planByKey.get(k)).filter((p) => p !== undefined);
    const units = [...new Set(forms.map((p) => p.unit.name))];
    const allForms = h.formsByGroup.get(f.group)?.length ?? 0;
    if (!forms.length) {
      return { held: f, unit: null, period: null, rows: [], reason: allForms ? '同批的报送表尚不能导入（需选择单位或有错误），处理后即可添加' : '没有同批的报送表，无法判断属于哪个单位；请在台账中把它拖到对应的行上' };
    }
    let chosen = forms;
    if (units.length > 1) {
      const named = dir.findInText(f.path).map((u) => u.name);
      chosen = forms.filter((p) => named.includes(p.unit.name));
      if (chosen.length === 0 || new Set(chosen.map((p) => p.unit.name)).size > 1) {
        return { held: f, unit: null, period: null, rows: [], reason: `同批有 ${units.join('、')} 的报送表，文件名中没有写明单位；请分单位打包，或在台账中拖到对应的行上` };
      }
    }
    const form = chosen[0]!;
    const unit = form.unit.name;
    const number = taskNumberIn(f.path);
    // A row the form adds (new for this unit) does not exist yet: its task stands for it until applied.
    const pendingNew = new Set<number>();
    const target = (m: (typeof chosen)[number]['rows'][number]['match']): MatchRow | null => {
      if (m.kind === 'row') return m.row;
      if (m.kind !== 'new') return null;
      pendingNew.add(m.task.id);
      return m.task;
    };
    const matched = chosen.flatMap((p) => p.rows.map((r) => target(r.match))).filter((r): r is MatchRow => r !== null);
    const unique = (rs: MatchRow[]) => [...new Map(rs.map((r) => [r.id, r])).values()];
    if (number) {
      const byNumber = chosen.flatMap((p) => p.rows.filter((r) => r.match.kind !== 'none' && r.match.task.values.code === number).map((r) => target(r.match)!));
      if (byNumber.length) return { held: f, unit, period: form.period, rows: unique(byNumber), pendingNew, reason: `按文件名中的任务编号 ${number}` };
      // The unit's own assignment under that task, when its form did not list it.
      const all = rowsOf();
      const mine = new Set((assignmentsByUnit(all, dir).get(unit) ?? []).map((a) => a.rowId));
      const task = all.find((r) => r.level === 'task' && r.values.code === number);
      const under = task ? all.filter((r) => mine.has(r.id) && (r.id === task.id || r.parentId === task.id)) : [];
      if (under.length) return { held: f, unit, period: form.period, rows: under, reason: `按文件名中的任务编号 ${number}` };
    }
    if (matched.length) return { held: f, unit, period: form.period, rows: unique(matched), pendingNew, reason: number ? `台账中没有${unit}的任务 ${number}，添加到报送表中的各行` : '文件名中没有任务编号，添加到报送表中的各行' };
    return { held: f, unit, period: form.period, rows: [], reason: '报送表中没有可对应的台账行，未添加' };
  });
}

function rowLabel(row: MatchRow): string {
  return `${row.values.code ? `${row.values.code} ` : ''}${row.values.task || row.values.measures || row.values.units}`.slice(0, 60);
}

/** What the preview shows: each held file, where it will go (unit, month, rows) or why not. */
export function submissionEvidencePreview(store: Store, previewId: string): SubmissionEvidenceItem[] {
  const h = held.get(previewId);
  if (!h) return [];
  return planned(store, h).map((p) => ({
    name: p.held.file?.name ?? sanitiseFileName(p.held.path),
    path: p.held.path,
    container: p.held.container,
    size: p.held.file?.bytes.length ?? 0,
    type: p.held.file?.type ?? null,
    unit: p.unit,
    period: p.period,
    rows: p.rows.map((r) => ({ rowId: r.id, label: rowLabel(r) })),
    attach: p.rows.length > 0,
    reason: p.reason,
  }));
}

/** Plans before the import is applied (new rows then still point at their task), attaches after it. */
export function planHeldEvidence(store: Store, previewId: string): ((ctx: WriteContext) => number) | null {
  const h = held.get(previewId);
  if (!h) return null;
  const plan = planned(store, h).filter((p) => p.rows.length && p.held.file && p.period);
  return (ctx) => {
    held.delete(previewId);
    let added = 0;
    const at = new Date().toISOString();
    // Read once for all files (attaching evidence adds no rows), and only if a file needs them.
    let ledgerRows: FigureSourceRow[] | null = null;
    const dir = new UnitDirectory(store.units.list());
    for (const p of plan) {
      const source = `报送文件 ${p.held.container ?? p.held.path}`;
      // The rows the import just added for this unit under their tasks take the files, not the tasks.
      const all = p.pendingNew?.size ? (ledgerRows ??= store.rows.figureRowsInOrder(h.session.ledgerId)) : [];
      const live = p.rows
        .map((r) => (p.pendingNew?.has(r.id) ? (all.find((c) => c.parentId === r.id && dir.cellIsOnly(c.values.units, p.unit!)) ?? r) : r))
        .filter((r) => store.rows.get(r.id));
      added += attachEvidence(store, live.map((r) => ({ ledgerId: h.session.ledgerId, rowId: r.id, period: p.period!, unit: p.unit })), [p.held.file!], { actor: ctx.actor, source, batchId: ctx.batchId ?? null }, at).added.length;
    }
    return added;
  };
}

export function dropHeldEvidence(previewId: string): void {
  held.delete(previewId);
}

/** Undoing a submission batch removes the evidence it attached (logged; evidence.restore brings one back). */
export function detachBatchEvidence(store: Store, batchId: number, ctx: WriteContext): number {
  const ids = store.evidence.ofBatch(batchId);
  const at = new Date().toISOString();
  for (const id of ids) if (store.evidence.get(id)) store.evidence.setRemoved(id, true, { ...ctx, batchId }, at);
  return ids.length;
}
