// Assembles the backend for a host: open the store, build handlers and the dispatcher.
import os from 'node:os';
import { createHandlers, type Handlers } from './api.js';
import { createDispatcher, type Dispatch } from './dispatcher.js';
import type { OpenOptions } from './db/open-database.js';
import { openStore, type Store } from './store.js';
import type { EvidenceLimits } from './evidence/evidence-service.js';

export interface Backend {
  store: Store;
  handlers: Handlers;
  dispatch: Dispatch;
  close(): void;
}

export function defaultActor(): string {
  try {
    return os.userInfo().username || '本机用户';
  } catch {
    return '本机用户';
  }
}

export function createBackend(dbPath: string, options: OpenOptions & { actor?: string; evidenceLimits?: Partial<EvidenceLimits> } = {}): Backend {
  const store = openStore(dbPath, options);
  const handlers = createHandlers(store);
  const dispatch = createDispatcher(handlers, { actor: options.actor ?? defaultActor(), source: 'manual' });
  return { store, handlers, dispatch, close: () => store.close() };
}
