// The loopback web host: token, Host header, static files without traversal, input validation.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../electron/web-host/server.js';
import { decodeWire, encodeWire } from '#shared/wire.js';
import { FILES_PER_UPLOAD, LARGEST_FILE_BYTES, MAX_REQUEST_BODY_BYTES } from '#shared/file-limits.js';
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

/** A raw HTTP exchange over a socket: the head (and as much body as `send` writes), then whatever comes back. */
function rawExchange(
  port: number,
  head: string,
  send: (socket: net.Socket) => void = () => {},
): Promise<{ status: number; text: string; closed: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('utf8')));
    // The server may cut the connection while we still write: that is the point, not a failure.
    socket.on('error', () => {});
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text, closed: true, ms: performance.now() - started }));
    socket.on('connect', () => {
      socket.write(head);
      send(socket);
    });
    setTimeout(() => reject(new Error(`no answer, got so far: ${text.slice(0, 200)}`)), 20_000).unref();
  });
}

function apiHead(port: number, headers: Record<string, string> = {}): string {
  const lines = [`POST /api/ledger.list HTTP/1.1`, `Host: 127.0.0.1:${port}`, `${TOKEN_HEADER}: ${web.token}`, 'Content-Type: application/json'];
  for (const [k, v] of Object.entries({ ...headers })) lines.push(`${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

describe('web host: hostile requests (issue 13)', () => {
  it('answers a malformed URL with 400, not 500 with the exception text', async () => {
    for (const path of ['/%E0%A4%A', '/api/%E0%A4%A', '/%']) {
      const res = await request(path, path.startsWith('/api/') ? { method: 'POST', body: '{}', headers: { [TOKEN_HEADER]: web.token } } : {});
      expect(res.status, path).toBe(400);
      expect(res.body, path).toContain('请求地址无法解析');
      expect(res.body, path).not.toMatch(/URIError|malformed|at /);
    }
  });

  it('sends Referrer-Policy: no-referrer and X-Frame-Options: DENY on every response', async () => {
    const responses = [
      await request('/'),
      await request('/missing.js'),
      await request('/', { headers: { host: 'evil.example:80' } }),
      await request('/api/ledger.list', { method: 'POST', body: '{}' }),
      await request('/api/ledger.list', { method: 'POST', body: '{}', headers: { [TOKEN_HEADER]: web.token } }),
      await request('/%E0%A4%A'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 404, 421, 403, 200, 400]);
    for (const r of responses) {
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('sizes the body limit from the largest accepted upload', () => {
    // Two of the largest files per call (the UI's batch), base64 on the wire.
    const needed = Math.ceil((LARGEST_FILE_BYTES * FILES_PER_UPLOAD * 4) / 3);
    expect(MAX_REQUEST_BODY_BYTES).toBeGreaterThan(needed);
    expect(MAX_REQUEST_BODY_BYTES).toBeLessThan(needed + 2 * 1024 * 1024);
  });

  it('answers 413 at once when Content-Length is over the limit, without waiting for the body', async () => {
    const res = await rawExchange(web.port, apiHead(web.port, { 'Content-Length': String(MAX_REQUEST_BODY_BYTES + 1) }), (s) => s.write('{"x":"'));
    expect(res.status).toBe(413);
    expect(res.text).toContain('请求内容过大');
    expect(res.text.toLowerCase()).toContain('x-frame-options: deny');
    expect(res.closed).toBe(true);
  });

  it('answers 413 and stops reading as soon as a streamed body crosses the limit', async () => {
    const small = await startWebHost({ dispatch: backend.dispatch, staticDir: tmp.file('static'), maxBodyBytes: 1024 * 1024 });
    try {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let written = 0;
      const res = await rawExchange(small.port, apiHead(small.port, { 'Transfer-Encoding': 'chunked' }).replace(web.token, small.token), (socket) => {
        // Keep sending (up to 64 MB) until the server answers and cuts us off.
        const pump = () => {
          while (written < 64 * 1024 * 1024 && !socket.destroyed) {
            written += chunk.length;
            if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return void socket.once('drain', pump);
          }
        };
        pump();
      });
      expect(res.status).toBe(413);
      // Cut off long before the 64 MB were sent.
      expect(written).toBeLessThan(32 * 1024 * 1024);
    } finally {
      await small.close();
    }
  });

  it('answers 408 and closes the connection when the body does not arrive in time', async () => {
    const slow = await startWebHost({ dispatch: backend.dispatch, staticDir: tmp.file('static'), bodyTimeoutMs: 1_000 });
    try {
      const res = await rawExchange(slow.port, apiHead(slow.port, { 'Content-Length': '100' }).replace(web.token, slow.token), (s) => s.write('{"a'));
      expect(res.status).toBe(408);
      expect(res.text).toContain('没有传完');
      expect(res.closed).toBe(true);
      expect(res.ms).toBeLessThan(10_000);
    } finally {
      await slow.close();
    }
  });

  it('keeps no memory after several large requests', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const settle = async () => {
      for (let i = 0; i < 4; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 50));
      }
      const m = process.memoryUsage();
      return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
    };
    // Warm up the paths once, then measure.
    const big = JSON.stringify({ junk: 'x'.repeat(20 * 1024 * 1024) });
    await request('/api/ledger.list', { method: 'POST', body: big, headers: { [TOKEN_HEADER]: web.token } });
    const before = await settle();
    for (let i = 0; i < 5; i++) {
      const res = await request('/api/ledger.list', { method: 'POST', body: big, headers: { [TOKEN_HEADER]: web.token } });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).error.code).toBe('invalid_input');
    }
    for (let i = 0; i < 3; i++) {
      const res = await rawExchange(web.port, apiHead(web.port, { 'Content-Length': String(MAX_REQUEST_BODY_BYTES + 1) }), (s) => s.write(big.slice(0, 8 * 1024 * 1024)));
      expect(res.status).toBe(413);
    }
    const after = await settle();
    // 100 MB of bodies and 24 MB of refused ones went through; what stays must be noise, not a body.
    expect(after - before).toBeLessThan(20);
  });
});
