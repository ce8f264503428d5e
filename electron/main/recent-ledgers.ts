// Recent ledgers for the 文件 menu: refreshed whenever a call may have changed the list or its order.
import { api, isMethodName } from '#shared/api.js';
import type { Dispatch } from '../backend/dispatcher.js';

/** Methods after which the recent-ledgers menu is rebuilt: those the contract declares `changesLedgers`. */
export function changesLedgerList(method: string): boolean {
  return isMethodName(method) && (api[method] as { changesLedgers?: true }).changesLedgers === true;
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
