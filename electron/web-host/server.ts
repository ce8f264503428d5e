// `taizhang serve`: the dispatcher behind a loopback HTTP endpoint, serving the built renderer,
// so the real UI runs in a browser (end-to-end tests, or a clerk without the desktop shell).
// Only 127.0.0.1, a random token on every API call, and a Host header check against DNS rebinding.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { decodeWire, encodeWire } from '#shared/wire.js';
import type { Dispatch } from '../backend/dispatcher.js';
import { CONTENT_SECURITY_POLICY } from '#shared/security.js';
import { MAX_REQUEST_BODY_BYTES } from '#shared/file-limits.js';

export const TOKEN_HEADER = 'x-taizhang-token';
/** A request body must arrive within this (the largest upload takes well under a second on loopback). */
export const DEFAULT_BODY_TIMEOUT_MS = 60_000;
/** How long a refused request's connection may keep sending before it is cut. */
const LINGER_MS = 500;

/** On every response: no referrer leaks the token in the URL, and no page may frame the app. */
const COMMON_HEADERS: http.OutgoingHttpHeaders = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

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

export interface WebHostOptions {
  dispatch: Dispatch;
  staticDir: string;
  port?: number;
  /** Largest request body accepted (413 beyond it); default: what the largest upload needs. */
  maxBodyBytes?: number;
  /** Time for a request body to arrive (408 after it). */
  bodyTimeoutMs?: number;
}

/** A request refused with a status; the connection is closed after the answer. */
class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const token = crypto.randomBytes(24).toString('hex');
  const staticRoot = path.resolve(options.staticDir);
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      // The exception stays in the log: its text is not for the page (paths, internals).
      process.stderr.write(`web host: ${req.method} ${JSON.stringify(req.url)}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', '服务器内部错误，请重试；如仍失败请重新启动 taizhang serve。');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return refuse(req, res, 421, '拒绝访问：主机名不正确。');
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return refuse(req, res, 400, '请求地址无法解析（含有不完整的 % 编码），请检查地址。');
    }
    if (pathname.startsWith('/api/')) return handleApi(req, res, pathname.slice(5));
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, '不支持的请求方法。');
    return serveStatic(res, pathname);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return refuse(req, res, 405, '接口只接受 POST 请求。');
    const given = String(req.headers[TOKEN_HEADER] ?? '');
    if (!safeEqual(given, token)) return refuse(req, res, 403, '拒绝访问：令牌不正确，请使用 serve 打印的完整地址打开。');
    let input: unknown;
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes, bodyTimeoutMs);
    } catch (err) {
      if (err instanceof HttpRefusal) return refuse(req, res, err.status, err.message);
      throw err;
    }
    try {
      input = body.length ? decodeWire(body.toString('utf8')) : {};
    } catch (err) {
      const result = { ok: false, error: { code: 'invalid_input', message: `请求内容无法解析：${(err as Error).message}` } };
      return send(res, 400, 'application/json; charset=utf-8', encodeWire(result));
    }
    const result = await options.dispatch(method, input);
    send(res, 200, 'application/json; charset=utf-8', encodeWire(result));
  }

  function serveStatic(res: http.ServerResponse, pathname: string): void {
    const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = path.resolve(staticRoot, rel);
    if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(res, 404, 'text/plain; charset=utf-8', '未找到。');
    }
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    const headers: http.OutgoingHttpHeaders = { ...COMMON_HEADERS, 'content-type': type };
    if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    res.writeHead(200, headers);
    res.end(fs.readFileSync(file));
  }

  // Backstops for what never reaches a handler (headers sent slowly); bodies have their own timer.
  server.headersTimeout = Math.min(bodyTimeoutMs, 20_000);
  server.requestTimeout = bodyTimeoutMs + 5_000;
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
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': type });
  res.end(body);
}

/**
 * Answers a refused request and closes its connection. Whatever the client still sends is dropped,
 * not buffered, and the socket is cut shortly after the answer so it cannot keep us reading.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string): void {
  const complete = req.complete;
  res.shouldKeepAlive = false;
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(message, () => {
    if (complete) return;
    req.removeAllListeners('data');
    req.resume();
    setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The request body, refused (HttpRefusal) as soon as it passes maxBytes — or at once when its
 * Content-Length says it will — and when it has not arrived within timeoutMs.
 */
function readBody(req: http.IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpRefusal(413, `请求内容过大（超过 ${Math.round(maxBytes / 1024 / 1024)} MB），已拒绝。请一次少选几个文件，或检查是否选错了文件。`);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return reject(tooLarge());
    let chunks: Buffer[] = [];
    let size = 0;
    const stop = (err: Error) => {
      clearTimeout(timer);
      req.off('data', onData);
      // Drop what was buffered now, not when the connection ends.
      chunks = [];
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return stop(tooLarge());
      chunks.push(chunk);
    };
    const timer = setTimeout(() => stop(new HttpRefusal(408, `请求内容在 ${Math.round(timeoutMs / 1000)} 秒内没有传完，已断开。请重试。`)), timeoutMs);
    req.on('data', onData);
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks, size));
      chunks = [];
    });
    req.on('error', (err) => stop(err));
  });
}
