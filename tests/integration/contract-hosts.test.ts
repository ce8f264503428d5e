// Every method of the contract is served by every host: the handler map, the Electron IPC host
// (against a fake ipcMain), the loopback web host and the CLI. A method added to shared/api.ts
// without a handler, or a host that filters methods, fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, METHOD_NAMES } from '#shared/api.js';
import { IPC_CHANNEL } from '#shared/client.js';
import type { ApiResult } from '#shared/errors.js';
import { decodeWire, encodeWire } from '#shared/wire.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { runCli } from '../../electron/cli.js';
import { serveContractOnIpc, type IpcEventLike, type IpcMainLike } from '../../electron/main/ipc-host.js';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../electron/web-host/server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { createDispatcher } from '../../electron/backend/dispatcher.js';
import type { Handlers } from '../../electron/backend/api.js';
import { joinMethodMaps } from '#shared/api/method.js';

const tmp = makeTempDir();
let backend: Backend;
let web: WebHost;

class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}

const RENDERER_URL = 'file:///app/dist/renderer/index.html';
const fromOurWindow: IpcEventLike = { sender: { id: 7 }, senderFrame: { url: `${RENDERER_URL}#/` } };

beforeAll(async () => {
  backend = createBackend(tmp.file('hosts.db'));
  web = await startWebHost({ dispatch: backend.dispatch, staticDir: tmp.dir });
});
afterAll(async () => {
  await web.close();
  backend.close();
  tmp.cleanup();
});

/** A method is "served" when the host reaches its handler: anything but unknown_method / not_implemented. */
function expectServed(result: ApiResult<unknown>, method: string) {
  if (!result.ok) expect(['unknown_method', 'not_implemented'], method).not.toContain(result.error.code);
}

describe('the contract', () => {
  it('declares every method with a summary and zod input/output schemas', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(5);
    for (const name of METHOD_NAMES) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      const spec = api[name];
      expect(spec.summary.length, name).toBeGreaterThan(3);
      expect(typeof spec.input.safeParse, name).toBe('function');
      expect(typeof spec.output.safeParse, name).toBe('function');
    }
  });

  it('has a handler for every method and no handler without a method', () => {
    expect(Object.keys(backend.handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });
});

describe('every host serves every method', () => {
  it('Electron IPC host (fake ipcMain, trusted sender)', async () => {
    const ipc = new FakeIpcMain();
    serveContractOnIpc(ipc, backend.dispatch, { webContentsId: () => 7, rendererUrl: RENDERER_URL });
    const handler = ipc.handlers.get(IPC_CHANNEL)!;
    for (const method of METHOD_NAMES) expectServed((await handler(fromOurWindow, method, {})) as ApiResult<unknown>, method);
    expect(await handler(fromOurWindow, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('web host (HTTP with token)', async () => {
    for (const method of METHOD_NAMES) {
      const response = await fetch(`http://127.0.0.1:${web.port}/api/${method}`, {
        method: 'POST',
        headers: { [TOKEN_HEADER]: web.token },
        body: encodeWire({}),
      });
      expectServed(decodeWire(await response.text()) as ApiResult<unknown>, method);
    }
  });

  it('CLI (`taizhang call METHOD`)', async () => {
    for (const method of METHOD_NAMES) {
      let output = '';
      await runCli(['call', method, '{}', '--db', tmp.file('hosts.db'), '--json'], (t) => (output += t));
      if (output.includes('"error"')) expect(['unknown_method', 'not_implemented'], method).not.toContain(JSON.parse(output).error.code);
    }
  });

  it('outputs of the handlers match their declared schemas', async () => {
    const ledger = await backend.dispatch('ledger.create', { name: '模式检查' });
    expect(ledger.ok).toBe(true);
    const ledgerId = (ledger as { value: { id: number } }).value.id;
    const row = await backend.dispatch('rows.add', { ledgerId, values: { task: '任务', status: '推进中' }, period: '2020-06' });
    const rowId = (row as { value: { id: number } }).value.id;
    const samples: [keyof typeof api, unknown][] = [
      ['app.info', {}],
      ['ledger.list', {}],
      ['rows.list', { ledgerId }],
      ['rows.updateCell', { rowId, field: 'task', value: '新任务' }],
      ['rows.history', { rowId }],
      ['units.list', {}],
    ];
    for (const [method, input] of samples) {
      const result = await backend.dispatch(method, input);
      expect(result.ok, method).toBe(true);
      if (result.ok) expect(api[method].output.safeParse(result.value).success, method).toBe(true);
    }
  });
});

describe('the dispatcher under test checks every answer against its output schema', () => {
  it('turns an answer of the wrong shape into an internal error naming the method', async () => {
    const handlers = { 'app.info': () => ({ version: 3 }) } as unknown as Handlers;
    const result = await createDispatcher(handlers, { actor: '测试', source: 'manual' }, true)('app.info', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'internal', message: expect.stringContaining('app.info') });
    const unchecked = await createDispatcher(handlers, { actor: '测试', source: 'manual' }, false)('app.info', {});
    expect(unchecked.ok).toBe(true);
  });

  it('is on for every test process (so every integration and e2e test checks the outputs it sees)', () => {
    expect(process.env.VITEST).toBe('true');
  });

  it('refuses a contract that declares a method name twice', () => {
    const one = { 'a.b': api['app.info'] };
    expect(() => joinMethodMaps(one, { ...one })).toThrow(/"a\.b" is declared twice/);
  });
});

describe('IPC host refuses anything but our own window', () => {
  const ipc = new FakeIpcMain();
  serveContractOnIpc(ipc, async () => ({ ok: true, value: 'reached' }), { webContentsId: () => 7, rendererUrl: RENDERER_URL });
  const handler = () => ipc.handlers.get(IPC_CHANNEL)!;

  it.each([
    ['another web contents', { sender: { id: 8 }, senderFrame: { url: RENDERER_URL } }],
    ['a page navigated elsewhere', { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } }],
    ['a sub-frame', { sender: { id: 7 }, senderFrame: { url: RENDERER_URL, parent: {} } }],
    ['a destroyed frame', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses %s', async (_label, event) => {
    expect(await handler()(event as IpcEventLike, 'ledger.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('accepts the main frame of our window', async () => {
    expect(await handler()(fromOurWindow, 'ledger.list', {})).toEqual({ ok: true, value: 'reached' });
  });
});
