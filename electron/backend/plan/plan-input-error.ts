// Why a file cannot be read as a work plan: a stable code for the CLI and the API, and a Chinese
// message that tells the clerk what to do. Shared by the text reader (plan-text.ts) and the .docx
// reader that runs in a worker (docx-reader.ts).

export type PlanInputErrorCode = 'empty_input' | 'not_text' | 'unsupported_file' | 'document_too_complex';

/** A file that cannot be read as a plan. `code` is stable for the CLI; `message` tells the clerk what to do. */
export class PlanInputError extends Error {
  readonly code: PlanInputErrorCode;

  constructor(code: PlanInputErrorCode, message: string) {
    super(message);
    this.name = 'PlanInputError';
    this.code = code;
  }
}

const PICK_AGAIN = '请确认选择的是工作要点的 .txt 或 .docx 文件';
export const PLAN_INPUT_MESSAGES = {
  empty: `文件是空的，没有任何文字，${PICK_AGAIN}`,
  emptyDocx: '该 Word 文档中没有文字内容，请确认选择的是工作要点正文，而不是空白文档或扫描图片',
  notText: `文件内容无法识别为文字，${PICK_AGAIN}`,
  legacyOffice: '暂不支持旧版 Word/WPS 文档（.doc/.wps），请在 Word 或 WPS 中“另存为” .docx 后再导入',
  rtf: '暂不支持 RTF 格式的文档，请在 Word 或 WPS 中“另存为” .docx 后再导入',
  pdf: '暂不支持 PDF 文件，请在 PDF 阅读器中复制正文另存为 .txt，或使用原始的 .docx 文件',
  html: '这是网页文件，请在浏览器中复制工作要点正文，粘贴到记事本保存为 .txt 后再导入',
  notDocx: '该文件不是有效的 Word 文档（.docx），可能已损坏或是其他格式，请在 Word 或 WPS 中打开后“另存为” .docx 再试',
  image: `这是图片或压缩包文件，不包含可读取的文字，${PICK_AGAIN}`,
  encrypted: '该文档设置了打开密码，无法读取。请在 Word 或 WPS 中取消密码（文件→信息→保护文档）并保存后再导入',
  excel: '这是 Excel 工作簿，不是 Word 文档。工作要点请选择 .docx 或 .txt 文件',
  tooLarge: '该 Word 文档解压后内容过大，可能已损坏或不是工作要点，请在 Word 中打开后复制正文，粘贴到左侧文本框中解析',
  // Nesting too deep, or the worker ran out of time or memory: the same advice either way.
  tooComplex:
    '文档结构过深或过大，无法在限定时间内读取（可能已损坏，或不是 Word 正常保存的文档）。请在 Word 中打开后“另存为” .docx 后重试，或复制正文粘贴到左侧文本框中解析',
} as const;
