// The loopback web host: token, Host header, static files without traversal, input validation.
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../electron/web-host/server.js';
import { decodeWire, encodeWire } from '../../shared/wire.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
let backend: Backend;
let web: WebHost;

/** Raw request (fetch forbids setting Host). */
function request(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: web.port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${web.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  fs.mkdirSync(tmp.file('static'));
  fs.writeFileSync(tmp.file('static/index.html'), '<!doctype html><title>台账</title>');
  fs.writeFileSync(tmp.file('secret.txt'), 'outside the static root');
  backend = createBackend(tmp.file('web.db'));
  web = await startWebHost({ dispatch: backend.dispatch, staticDir: tmp.file('static') });
});
afterAll(async () => {
  await web.close();
  backend.close();
  tmp.cleanup();
});

describe('web host', () => {
  it('prints a 127.0.0.1 URL with the token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${web.token}`);
    expect(web.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('serves the renderer with a Content-Security-Policy', async () => {
    const res = await request('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('台账');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await request('/', { headers: { host: 'evil.example:80' } })).status).toBe(421);
  });

  it('does not serve files outside the static folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await request(path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('outside');
    }
  });

  it('requires the token on API calls', async () => {
    const none = await request('/api/ledger.list', { method: 'POST', body: '{}' });
    expect(none.status).toBe(403);
    const wrong = await request('/api/ledger.list', { method: 'POST', body: '{}', headers: { [TOKEN_HEADER]: 'x'.repeat(48) } });
    expect(wrong.status).toBe(403);
    const get = await request('/api/ledger.list', { headers: { [TOKEN_HEADER]: web.token } });
    expect(get.status).toBe(405);
  });

  it('answers malformed JSON and schema violations with invalid_input', async () => {
    const bad = await request('/api/ledger.create', { method: 'POST', body: '{"name": ', headers: { [TOKEN_HEADER]: web.token } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('invalid_input');
    const res = await request('/api/ledger.create', { method: 'POST', body: encodeWire({ name: 42 }), headers: { [TOKEN_HEADER]: web.token } });
    expect(decodeWire(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('carries bytes as Uint8Array through the wire encoding', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const decoded = decodeWire(encodeWire({ file: bytes, name: '报送.xlsx' })) as { file: Uint8Array; name: string };
    expect(decoded.file).toBeInstanceOf(Uint8Array);
    expect([...decoded.file]).toEqual([...bytes]);
    expect(decoded.name).toBe('报送.xlsx');
  });
});
