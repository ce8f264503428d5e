// Recent ledgers for the 文件 menu: refreshed whenever a call may have changed the list or its order.
import type { Dispatch } from '../backend/dispatcher.js';

/** Methods after which the recent-ledgers menu is rebuilt (create, rename, open, and imports that create one). */
export function changesLedgerList(method: string): boolean {
  return method.startsWith('ledger.') && method !== 'ledger.list' || method === 'plan.createLedger' || method === 'backup.restore';
}

/** Wraps a dispatcher so that `onChange` runs after successful calls that change the ledger list. */
export function dispatchWithLedgerWatch(dispatch: Dispatch, onChange: () => void): Dispatch {
  return async (method, input, ctx) => {
    const result = await dispatch(method, input, ctx);
    if (result.ok && changesLedgerList(method)) {
      try {
        onChange();
      } catch {
        // A menu that could not be rebuilt must never fail the call itself.
      }
    }
    return result;
  };
}
