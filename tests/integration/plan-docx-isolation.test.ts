// A .docx that would freeze the backend (issue 13, finding 2): elements nested 200,000 deep kept
// mammoth's XML parser busy for minutes on the thread that serves every request. Plan documents are
// now read in the workbook worker pool with time and memory limits, after a nesting-depth pre-check.
import http from 'node:http';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { readPlanFile, PlanInputError } from '../../electron/backend/plan/plan-text.js';
import { xmlDepthExceeds } from '../../electron/backend/plan/docx-reader.js';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../electron/web-host/server.js';
import { decodeWire, encodeWire } from '#shared/wire.js';
import { buildDocx, docxPackage, DOCX_PLAN } from '../fixtures/plans/make-docx.mjs';
import { makeTempDir } from '../helpers/temp-dir.js';

const TOO_COMPLEX = /文档结构过深或过大，无法在限定时间内读取.*另存为” \.docx 后重试/;

/** A Word document whose body nests `depth` paragraphs inside each other after one real one. */
function deepDocx(depth: number): Buffer {
  const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const xml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${w}"><w:body>` +
    `<w:p><w:r><w:t>一、全面从严治党</w:t></w:r></w:p>${'<w:p>'.repeat(depth)}${'</w:p>'.repeat(depth)}<w:sectPr/></w:body></w:document>`;
  return docxPackage(xml);
}

const tmp = makeTempDir();
let backend: Backend;
let web: WebHost;

function post(method: string, input: unknown): Promise<{ ms: number; result: { ok: boolean; error?: { code: string; message: string } } }> {
  const started = performance.now();
  const body = encodeWire(input);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: web.port, path: `/api/${method}`, method: 'POST', headers: { host: `127.0.0.1:${web.port}`, [TOKEN_HEADER]: web.token, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ ms: performance.now() - started, result: decodeWire(text) as never }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  fs.mkdirSync(tmp.file('static'));
  fs.writeFileSync(tmp.file('static/index.html'), '<!doctype html><title>台账</title>');
  backend = createBackend(tmp.file('docx.db'));
  web = await startWebHost({ dispatch: backend.dispatch, staticDir: tmp.file('static') });
});
afterAll(async () => {
  await web.close();
  backend.close();
  tmp.cleanup();
});

describe('plan .docx off the serving thread', () => {
  it('answers plan.parse of a 200,000-deep .docx with the distinct message within seconds', async () => {
    const started = performance.now();
    const result = await backend.dispatch('plan.parse', { bytes: deepDocx(200_000), fileName: '工作要点.docx' });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(result).toMatchObject({ ok: false, error: { code: 'document_too_complex' } });
    expect((result as { error: { message: string } }).error.message).toMatch(TOO_COMPLEX);
  });

  it('keeps serving other requests while a hostile .docx is being read', async () => {
    // 60,000 levels: seconds of mammoth on the serving thread before; now a worker's business.
    // A plain Uint8Array: a Buffer would go through JSON as its toJSON() form.
    const parse = post('plan.parse', { bytes: new Uint8Array(deepDocx(60_000)), fileName: '工作要点.docx' });
    let parseDone = false;
    void parse.then(() => (parseDone = true));
    const others: number[] = [];
    for (let i = 0; i < 5 && !parseDone; i++) {
      const list = await post('ledger.list', {});
      expect(list.result.ok).toBe(true);
      others.push(list.ms);
    }
    const parsed = await parse;
    expect(others.length).toBeGreaterThan(0);
    // Each answered at once, not after the document.
    expect(Math.max(...others)).toBeLessThan(1_000);
    expect(parsed.result).toMatchObject({ ok: false, error: { code: 'document_too_complex' } });
  });

  it('stops a document that passes the depth check but will not finish in time, with the same message', async () => {
    // Warm a worker first, so the time limit is spent on the document, not on starting the worker.
    await readPlanFile(buildDocx(DOCX_PLAN), '工作要点.docx');
    const started = performance.now();
    const error = await readPlanFile(deepDocx(200_000), '工作要点.docx', { maxDepth: Number.POSITIVE_INFINITY, timeoutMs: 1_500 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlanInputError);
    expect((error as PlanInputError).code).toBe('document_too_complex');
    expect((error as PlanInputError).message).toMatch(TOO_COMPLEX);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('still reads an ordinary plan .docx in the worker', async () => {
    const result = await backend.dispatch('plan.parse', { bytes: buildDocx(DOCX_PLAN), fileName: '新城区2022年工作要点.docx' });
    expect(result.ok).toBe(true);
    expect((result as { value: { sections: unknown[] } }).value.sections.length).toBeGreaterThan(0);
  });
});

describe('xmlDepthExceeds', () => {
  it('counts start tags, not self-closing ones, declarations, comments or CDATA', () => {
    expect(xmlDepthExceeds('<?xml version="1.0"?><a><b/><c><d></d></c></a>', 3)).toBe(false);
    expect(xmlDepthExceeds('<a><c><d><e></e></d></c></a>', 3)).toBe(true);
    expect(xmlDepthExceeds(`<a><!-- ${'<x>'.repeat(10)} --><![CDATA[${'<y>'.repeat(10)}]]><b x="1"/></a>`, 2)).toBe(false);
    expect(xmlDepthExceeds(`${'<p>'.repeat(1001)}${'</p>'.repeat(1001)}`, 1000)).toBe(true);
  });
});
