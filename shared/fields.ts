// The standard ledger columns (DOMAIN.md). Keys are stable English ids used in the database,
// the API, the CLI's JSON and template mappings; labels are what the clerk sees.
import { toHalfWidth } from './text-normalise.js';

export const FIELD_KEYS = [
  'code',
  'task',
  'measures',
  'leader',
  'leadDept',
  'units',
  'deadline',
  'target',
  'achieved',
  'progressPct',
  'progress',
  'problems',
  'status',
  'remarks',
] as const;

export type FieldKey = (typeof FIELD_KEYS)[number];

export type FieldType = 'text' | 'longText' | 'number' | 'percent' | 'date' | 'status' | 'unit';

export interface FieldDef {
  key: FieldKey;
  label: string;
  type: FieldType;
  /** Header words that mean this field in bureaus' workbooks (matched by meaning, not exact text). */
  synonyms: readonly string[];
  /** Progress fields are reported every month: their values are kept per period (YYYY-MM). */
  perPeriod?: boolean;
}

export const FIELDS: readonly FieldDef[] = [
  { key: 'code', label: '序号', type: 'text', synonyms: ['序号', '编号', '任务编号', '督办编号', '项目编号'] },
  { key: 'task', label: '工作任务', type: 'longText', synonyms: ['工作任务', '重点任务', '目标任务', '督办事项', '重点工作', '任务名称', '工作事项'] },
  { key: 'measures', label: '具体措施', type: 'longText', synonyms: ['具体措施', '工作内容', '工作要求', '本单位承担内容', '主要措施', '工作措施', '任务内容'] },
  { key: 'leader', label: '责任领导', type: 'text', synonyms: ['责任领导', '分管领导', '牵头领导', '包抓领导'] },
  { key: 'leadDept', label: '牵头科室', type: 'unit', synonyms: ['牵头科室', '牵头单位', '承办科室', '责任科室', '牵头部门'] },
  { key: 'units', label: '责任单位', type: 'unit', synonyms: ['责任单位', '配合单位', '协办单位', '配合科室', '责任学校'] },
  { key: 'deadline', label: '完成时限', type: 'date', synonyms: ['完成时限', '办理时限', '时限要求', '完成时间', '时间节点'] },
  { key: 'target', label: '目标值', type: 'text', synonyms: ['目标值', '目标', '年度任务目标', '年度目标', '任务目标'] },
  { key: 'achieved', perPeriod: true, label: '累计完成', type: 'number', synonyms: ['累计完成', '已完成', '完成值', '完成数'] },
  { key: 'progressPct', perPeriod: true, label: '完成进度', type: 'percent', synonyms: ['完成进度', '完成率', '进度', '完成比例'] },
  { key: 'progress', perPeriod: true, label: '进展情况', type: 'longText', synonyms: ['进展情况', '推进情况', '办理情况', '完成情况说明', '工作进展'] },
  { key: 'problems', perPeriod: true, label: '存在问题及下步打算', type: 'longText', synonyms: ['存在问题', '下步打算', '存在问题及下步打算', '困难问题'] },
  { key: 'status', perPeriod: true, label: '状态', type: 'status', synonyms: ['状态', '完成情况', '办结情况', '完成状态'] },
  { key: 'remarks', label: '备注', type: 'text', synonyms: ['备注', '说明'] },
];

export const FIELD_BY_KEY: Readonly<Record<FieldKey, FieldDef>> = Object.fromEntries(
  FIELDS.map((f) => [f.key, f]),
) as Record<FieldKey, FieldDef>;

/** Fields kept per reporting period (month); the others describe the task itself. */
export const PERIOD_FIELD_KEYS = FIELDS.filter((f) => f.perPeriod).map((f) => f.key);
export const PLAN_FIELD_KEYS = FIELDS.filter((f) => !f.perPeriod).map((f) => f.key);

export function isPeriodField(key: FieldKey): boolean {
  return FIELD_BY_KEY[key].perPeriod === true;
}

/** A reporting period: a month, written YYYY-MM. */
export const PERIOD_PATTERN = /^(19|20|21)\d\d-(0[1-9]|1[0-2])$/;

/**
 * A month as a clerk types it — `202006`, `2020-6`, `2020-06`, `2020.6`, `2020/6`, `2020年6月`, full-width
 * digits too — as YYYY-MM; null when it is not one.
 */
export function parsePeriodText(text: string): string | null {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  const m = /^(\d{4})(?:[-./年]?(\d{1,2})|(\d{2}))月?份?$/.exec(t);
  if (!m) return null;
  const month = Number(m[2] ?? m[3]);
  const period = `${m[1]}-${String(month).padStart(2, '0')}`;
  return PERIOD_PATTERN.test(period) ? period : null;
}

export function currentPeriod(date = new Date()): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

export const DEFAULT_STATUSES = ['已完成', '推进中', '未启动', '滞后'] as const;

/** Row levels of the ledger hierarchy: section (一、…) → task (plan number) → item (measure / unit row). */
export const ROW_LEVELS = ['section', 'task', 'item'] as const;
export type RowLevel = (typeof ROW_LEVELS)[number];
