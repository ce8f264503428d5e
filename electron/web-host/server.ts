// `taizhang serve`: the dispatcher behind a loopback HTTP endpoint, serving the built renderer,
// so the real UI runs in a browser (end-to-end tests, or a clerk without the desktop shell).
// Only 127.0.0.1, a random token on every API call, and a Host header check against DNS rebinding.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { decodeWire, encodeWire } from '../../shared/wire.js';
import type { Dispatch } from '../backend/dispatcher.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/security.js';

export const TOKEN_HEADER = 'x-taizhang-token';
const MAX_BODY_BYTES = 300 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebHost(options: { dispatch: Dispatch; staticDir: string; port?: number }): Promise<WebHost> {
  const token = crypto.randomBytes(24).toString('hex');
  const staticRoot = path.resolve(options.staticDir);
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `服务器内部错误：${String(err)}`);
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return send(res, 421, 'text/plain; charset=utf-8', '拒绝访问：主机名不正确。');
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, decodeURIComponent(url.pathname.slice(5)));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', '不支持的请求方法。');
    return serveStatic(res, url.pathname);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', '接口只接受 POST 请求。');
    const given = String(req.headers[TOKEN_HEADER] ?? '');
    if (!safeEqual(given, token)) return send(res, 403, 'text/plain; charset=utf-8', '拒绝访问：令牌不正确，请使用 serve 打印的完整地址打开。');
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.length ? decodeWire(body.toString('utf8')) : {};
    } catch (err) {
      const result = { ok: false, error: { code: 'invalid_input', message: `请求内容无法解析：${(err as Error).message}` } };
      return send(res, 400, 'application/json; charset=utf-8', encodeWire(result));
    }
    const result = await options.dispatch(method, input);
    send(res, 200, 'application/json; charset=utf-8', encodeWire(result));
  }

  function serveStatic(res: http.ServerResponse, pathname: string): void {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(staticRoot, rel);
    if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(res, 404, 'text/plain; charset=utf-8', '未找到。');
    }
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    const headers: http.OutgoingHttpHeaders = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    res.writeHead(200, headers);
    res.end(fs.readFileSync(file));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  res.end(body);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('请求内容过大'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
