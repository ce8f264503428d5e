// The typed client over `serve`'s HTTP endpoint, for tests that check what the UI stored.
import { createClient, type Client } from '#shared/client.js';
import type { ApiResult } from '#shared/errors.js';
import { decodeWire, encodeWire } from '#shared/wire.js';
import type { ServeProcess } from './serve.js';

export function httpClient(serve: ServeProcess): Client {
  return createClient(async (method, input) => {
    const response = await fetch(`${serve.origin}/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-taizhang-token': serve.token },
      body: encodeWire(input),
    });
    return decodeWire(await response.text()) as ApiResult<unknown>;
  });
}
