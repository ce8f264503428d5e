// Recognises the label lines around a table: notice lines above the header (填报单位：…,
// 截至时间：…), signature/footer lines below the data (审核人：…, 单位负责人：…), notes (注：…)
// and total rows (合计). All tests run on compact half-width text.

import { compactText } from '#shared/text-normalise.js';

const NOTICE_LABELS: readonly RegExp[] = [
  /^(?:填报|报送|填表)?(?:单位|部门|学校)(?:名称)?(?:\(?盖章\)?)?$/,
  /^(?:填报|报送|填表|统计)(?:日期|时间)$/,
  /^(?:统计)?截[至止]/,
  /^(?:填报人|填表人|联系人|联系电话|电话|手机|制表人|制表|审核人)$/,
];

const FOOTER_LABELS: readonly RegExp[] = [
  /^(?:审核人|审核|审批人|单位负责人|负责人|主要负责人|分管领导|填报人|填表人|制表人|制表|经办人|联系人|联系电话|电话|签字|盖章|单位盖章)/,
  /^(?:填报|报送|填表)(?:日期|时间|单位)/,
];

/** The label of a "label：value" text, when the label is short enough to be one. */
export function labelOf(text: string): string | null {
  // Most cells (data rows) have no colon at all: skip normalising them (only ':' and '：' become one).
  if (!text.includes(':') && !text.includes('：')) return null;
  const m = /^([^:：]{1,12})[:：]/.exec(compactText(text));
  return m ? (m[1] ?? null) : null;
}

/** A notice line above the header: 填报单位：…, 截至时间：…, 联系电话：… */
export function isNoticeText(text: string): boolean {
  const label = labelOf(text) ?? compactText(text);
  return NOTICE_LABELS.some((re) => re.test(label)) && (labelOf(text) !== null || /截[至止]|盖章/.test(label));
}

/** A signature or footer line under the data: 审核人：, 单位负责人：, 填报人：, 制表： */
export function isFooterText(text: string): boolean {
  const label = labelOf(text) ?? compactText(text);
  return FOOTER_LABELS.some((re) => re.test(label));
}

/** 注：… / 说明：… lines under a table. */
export function isNoteText(text: string): boolean {
  // Compacting keeps Chinese characters as they are: a text without 注 or 说 is no note (most cells).
  if (!text.includes('注') && !text.includes('说')) return false;
  return /^(?:注|说明|填表说明|填报说明)(?:[:：]|\d|[一二三四五六七八九十][、.])/.test(compactText(text));
}

/** 合计 / 小计 / 总计 rows summarise the rows above; they are not ledger rows. */
export function isTotalText(text: string): boolean {
  // As in isNoteText: every total word ends in 计, which compacting neither makes nor drops.
  return text.includes('计') && /^(?:合计|小计|总计|共计)/.test(compactText(text));
}
