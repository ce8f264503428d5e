// The renderer's only way to the backend: the typed client over whichever transport this page has.
// In Electron the preload exposes `window.taizhang`; in a browser (`serve`) we POST to /api with the token.
import { createClient, type Client, type PreloadBridge, type Transport } from '#shared/client.js';
import type { ApiResult } from '#shared/errors.js';
import { decodeWire, encodeWire } from '#shared/wire.js';

declare global {
  interface Window {
    taizhang?: PreloadBridge;
  }
}

const TOKEN_KEY = 'taizhang-token';

function httpTransport(): Transport {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  return async (method, input) => {
    let response: Response;
    try {
      response = await fetch(`api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-taizhang-token': token },
        body: encodeWire(input),
      });
    } catch {
      return { ok: false, error: { code: 'offline', message: '无法连接到台账服务，请确认 taizhang serve 仍在运行后刷新页面。' } };
    }
    const text = await response.text();
    if (!response.headers.get('content-type')?.includes('application/json')) {
      return { ok: false, error: { code: 'http_error', message: text || `服务返回错误 ${response.status}` } };
    }
    return decodeWire(text) as ApiResult<unknown>;
  };
}

function pickTransport(): Transport {
  const bridge = window.taizhang;
  if (bridge) return (method, input) => bridge.invoke(method, input);
  return httpTransport();
}

export const client: Client = createClient(pickTransport());
