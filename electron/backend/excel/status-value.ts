// Status words to the configured statuses (已完成 / 推进中 / 未启动 / 滞后 by default).

import { DEFAULT_STATUSES } from '#shared/fields.js';
import { fail, ok, precheck, toCellInput, type NormaliseResult, type ValueInput } from './normalise-result.js';
import { compactText } from '#shared/text-normalise.js';

export interface StatusVocabulary {
  statuses: readonly string[];
  /** Other wording → one of `statuses`. Compared after removing spaces and punctuation. */
  synonyms: Readonly<Record<string, string>>;
}

export const DEFAULT_STATUS_VOCABULARY: StatusVocabulary = {
  statuses: DEFAULT_STATUSES,
  synonyms: {
    完成: '已完成',
    完成了: '已完成',
    已完成: '已完成',
    已办结: '已完成',
    办结: '已完成',
    已落实: '已完成',
    已达标: '已完成',
    全部完成: '已完成',
    推进中: '推进中',
    在推进: '推进中',
    正在推进: '推进中',
    正在办理: '推进中',
    办理中: '推进中',
    序时推进: '推进中',
    按序时推进: '推进中',
    进行中: '推进中',
    正在进行: '推进中',
    持续推进: '推进中',
    未启动: '未启动',
    未开始: '未启动',
    尚未启动: '未启动',
    尚未开始: '未启动',
    未开展: '未启动',
    滞后: '滞后',
    进展滞后: '滞后',
    进度滞后: '滞后',
    推进滞后: '滞后',
    逾期: '滞后',
    延期: '滞后',
    未按期完成: '滞后',
  },
};

function statusKey(text: string): string {
  return compactText(text).replace(/[。.,，;；!！、]/g, '');
}

export function normaliseStatus(
  input: ValueInput,
  vocabulary: StatusVocabulary = DEFAULT_STATUS_VOCABULARY,
): NormaliseResult<string> {
  const cell = toCellInput(input);
  const pre = precheck<string>(cell);
  if (pre) return pre;
  const text = cell.text.trim();
  const key = statusKey(text);
  const direct = vocabulary.statuses.find((s) => statusKey(s) === key);
  if (direct) return ok(direct, text);
  for (const [word, status] of Object.entries(vocabulary.synonyms)) {
    if (statusKey(word) === key && vocabulary.statuses.includes(status)) return ok(status, text);
  }
  return fail(text, `不是有效的状态（可填：${vocabulary.statuses.join('、')}）`);
}

/** Whether a text reads as a status word (used to tell a status column from a narrative one). */
export function isStatusText(text: string, vocabulary: StatusVocabulary = DEFAULT_STATUS_VOCABULARY): boolean {
  return normaliseStatus(text, vocabulary).ok;
}
