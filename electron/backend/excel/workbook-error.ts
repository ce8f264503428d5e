// Errors raised while reading a workbook. `code` is a stable English id for callers and tests;
// `message` is Chinese and tells the clerk what to do next.

import { WORKBOOK_ERROR_CODES } from '#shared/errors.js';

export { WORKBOOK_ERROR_CODES };

export type WorkbookErrorCode = (typeof WORKBOOK_ERROR_CODES)[number];

/** Default message per code; most throw sites pass a more specific one. */
export const WORKBOOK_ERROR_MESSAGES: Readonly<Record<WorkbookErrorCode, string>> = {
  not_xlsx: '无法识别的文件格式，不是 Excel 工作簿（.xlsx）。请在 Excel/WPS 中打开后“另存为” .xlsx 格式再导入',
  legacy_xls: '无法读取这个旧版 .xls 文件，请在 Excel/WPS 中打开后“另存为” .xlsx 格式再导入',
  encrypted: '文件设有密码保护（已加密），无法读取。请在 Excel/WPS 中取消密码保护后另存再导入',
  corrupt: '文件已损坏或没有下载完整，无法读取。请让报送单位重新发送，或在 Excel 中打开修复后另存为 .xlsx 再导入',
  too_large: '文件内容过大，超出可导入的范围。请删除无关的工作表、空行或合并单元格后重新导入',
  zip_bomb: '文件内部压缩比异常（疑似“压缩炸弹”），已拒绝读取。请确认文件来源，或让报送单位在 Excel 中重新保存后发送',
  timeout: '读取文件超时，已停止。文件可能过大或已损坏，请在 Excel 中打开检查并另存为 .xlsx 后重新导入',
  no_data_sheet:
    '没有找到包含台账表头的工作表（如“序号”“工作任务”“完成时限”等列）。请确认文件是否为报送模板，或检查表头是否被改动',
  internal: '读取文件时发生内部错误，请重试；如仍失败请联系管理员',
};

export interface WorkbookErrorPlain {
  code: WorkbookErrorCode;
  message: string;
  detail?: string;
}

export class WorkbookError extends Error {
  readonly code: WorkbookErrorCode;
  /** Technical detail in English for logs (entry names, sizes); never shown to the clerk. */
  readonly detail: string | undefined;

  constructor(code: WorkbookErrorCode, message?: string, detail?: string) {
    super(message ?? WORKBOOK_ERROR_MESSAGES[code]);
    this.name = 'WorkbookError';
    this.code = code;
    this.detail = detail;
  }

  toPlain(): WorkbookErrorPlain {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  /** Rebuilds an error that crossed a thread boundary as a plain object. */
  static fromPlain(plain: WorkbookErrorPlain): WorkbookError {
    const code = (WORKBOOK_ERROR_CODES as readonly string[]).includes(plain.code) ? plain.code : 'internal';
    return new WorkbookError(code, plain.message, plain.detail);
  }
}

export function isWorkbookError(value: unknown): value is WorkbookError {
  return value instanceof WorkbookError;
}
