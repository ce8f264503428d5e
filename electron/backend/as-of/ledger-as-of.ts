// A ledger read as of a month: the month (given, else the ledger's default), its rows with every
// per-period value carried forward and each row's facts (shared/as-of.ts). Every read that shows or
// exports the ledger goes through here, so the grid, the CLI, exports and forms agree.
import { attachAsOf, defaultPeriod, type AsOfRules } from '#shared/as-of.js';
import { statusCategory } from '#shared/api/workbench-api.js';
import type { Row } from '#shared/domain.js';
import type { Store } from '../store.js';

/** The months of a ledger with data, newest first, and the month a read means when none is given (see defaultPeriod). */
export function ledgerPeriods(store: Store, ledgerId: number): { periods: string[]; defaultPeriod: string } {
  const periods = store.workbench.periods(ledgerId);
  return { periods, defaultPeriod: defaultPeriod(periods, store.ledgers.yearOf(ledgerId)?.year ?? null) };
}

/** The month a read of the ledger means: the one given, else the latest month with data (see defaultPeriod). */
export function ledgerPeriod(store: Store, ledgerId: number, period?: string | null): string {
  return period || ledgerPeriods(store, ledgerId).defaultPeriod;
}

export function asOfRules(store: Store, ledgerId: number): AsOfRules {
  return {
    statuses: store.workbench.statuses(ledgerId).map((s) => ({ label: s.label, category: statusCategory(s) })),
    thresholds: store.workbench.settings(ledgerId).lights,
  };
}

/** Rows in display order as of the month, with custom values, the month of each value, and `asOf`. */
export function rowsAsOf(store: Store, ledgerId: number, period?: string | null): { period: string; rows: Row[] } {
  const { period: p, rows } = rowsPageAsOf(store, ledgerId, 0, Infinity, period);
  return { period: p, rows };
}

/**
 * Rows [offset, offset + limit) of the display order, read as rowsAsOf reads them, and the ledger's row
 * count. Only the top-level subtrees holding them are read (their facts are those of the whole ledger:
 * facts roll up within a subtree), so the first screenful of a big ledger is read in a fraction of the time.
 */
export function rowsPageAsOf(
  store: Store,
  ledgerId: number,
  offset: number,
  limit: number,
  period?: string | null,
): { period: string; total: number; rows: Row[] } {
  const p = ledgerPeriod(store, ledgerId, period);
  const part = store.rows.listSubtrees(ledgerId, offset, limit, p);
  const rows = attachAsOf(store.workbench.attachCustom(ledgerId, part.rows, p), p, asOfRules(store, ledgerId));
  const start = Math.max(0, offset - part.from);
  return { period: p, total: part.total, rows: start === 0 && rows.length <= limit ? rows : rows.slice(start, start + limit) };
}
