// npm run bench: measures the real code paths on generated data, prints one table and writes
// bench-results.json at the repository root. Not a test: nothing here fails on a missed goal.
//   npm run bench                  all groups
//   npm run bench -- --only=ui,plan   some groups (plan, import, export, merge, writers, ui, report, startup, hostile)
// Each group runs in a Node process of its own, so no group's timings depend on the heap, GC and JIT state that
// the groups before it left (merge --dry-run took 0.89 s alone, 1.57 s after the export group in one process).
//   npm run bench -- --in-process     all selected groups in this process (to profile several at once)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend } from '../electron/backend/backend.js';
import { benchExport } from './export.js';
import { benchHostile } from './hostile.js';
import { benchImport } from './import.js';
import { benchMerge } from './merge.js';
import { benchPlan } from './plan.js';
import { benchReport } from './report.js';
import { benchStartup } from './startup.js';
import { benchUi } from './ui.js';
import { benchWriters } from './writers.js';
import { makeBenchDir, PERIOD, REPO_ROOT, rowCount, seedLedger, seedUnits, unitNames, type LedgerShape } from './data.js';
import { formatTable, toResultRow, writeResults, type Measurement } from './table.js';

const GROUPS = ['plan', 'import', 'export', 'merge', 'writers', 'ui', 'report', 'startup', 'hostile'] as const;
type Group = (typeof GROUPS)[number];

function selectedGroups(argv: string[]): Set<Group> {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (!only) return new Set(GROUPS);
  const picked = only.split(',').map((s) => s.trim()) as Group[];
  for (const g of picked) if (!GROUPS.includes(g)) throw new Error(`unknown group "${g}"; groups: ${GROUPS.join(', ')}`);
  return new Set(picked);
}

const started = performance.now();
const log = (s: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

const UNITS = unitNames(200);
/** 100 tasks each naming 40 of the 200 units, with one item row per unit: every unit carries 20 items. */
const DISTRICT: LedgerShape = { sections: 5, tasksPerSection: 20, measuresPerTask: 0, unitsPerTask: 40, units: UNITS, progress: true, unitItems: true };
/** ~10,000 rows: 10 sections × 250 tasks × (1 + 3 measures). */
const EXPORT_LEDGER: LedgerShape = { sections: 10, tasksPerSection: 250, measuresPerTask: 3, unitsPerTask: 3, units: UNITS, progress: true };
/** ~8,000 rows exported and taken back: 8 sections × 250 tasks × (1 + 3 measures). */
const MERGE_LEDGER: LedgerShape = { sections: 8, tasksPerSection: 250, measuresPerTask: 3, unitsPerTask: 3, units: UNITS, progress: true };
/** ~50,000 rows for the grid, and a 50-row one as its baseline. */
const BIG_UI: LedgerShape = { sections: 50, tasksPerSection: 250, measuresPerTask: 3, unitsPerTask: 3, units: UNITS, progress: true };
const SMALL_UI: LedgerShape = { sections: 2, tasksPerSection: 6, measuresPerTask: 3, unitsPerTask: 3, units: UNITS, progress: true };

/** Runs one group in a child process (same Node flags, e.g. --cpu-prof) and returns its measurements. */
function measureInChild(group: Group, dir: string): Promise<Measurement[]> {
  const out = path.join(dir, `${group}.json`);
  const args = [...process.execArgv, process.argv[1]!, `--only=${group}`, `--measurements=${out}`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`bench group ${group} exited with ${signal ?? code}`));
      resolve(JSON.parse(fs.readFileSync(out, 'utf8')) as Measurement[]);
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const groups = selectedGroups(argv);
  const childOut = argv.find((a) => a.startsWith('--measurements='))?.slice('--measurements='.length);
  if (childOut) {
    fs.writeFileSync(childOut, JSON.stringify(await measureGroups(groups)));
    return;
  }
  let results: Measurement[] = [];
  if (groups.size === 1 || argv.includes('--in-process')) results = await measureGroups(groups);
  else {
    const tmp = makeBenchDir();
    try {
      for (const g of GROUPS) if (groups.has(g)) results.push(...(await measureInChild(g, tmp.dir)));
    } finally {
      tmp.cleanup();
    }
  }
  const rows = results.map(toResultRow);
  const file = path.join(REPO_ROOT, 'bench-results.json');
  writeResults(file, rows);
  console.log(formatTable(rows));
  console.log(`\nwritten to ${path.relative(process.cwd(), file) || file}; whole run ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function measureGroups(groups: Set<Group>): Promise<Measurement[]> {
  const tmp = makeBenchDir();
  const results: Measurement[] = [];
  log(`generated data in ${tmp.dir}`);
  try {
    if (groups.has('plan') || groups.has('import') || groups.has('export')) {
      const backend = createBackend(tmp.file('bench.db'), { actor: 'bench' });
      try {
        if (groups.has('plan')) {
          log('parsing the work plan …');
          results.push(...(await benchPlan(backend)));
        }
        if (groups.has('import') || groups.has('export')) {
          await seedUnits(backend, UNITS);
          const district = await seedLedger(backend, '区级重点工作台账', DISTRICT);
          log(`district ledger: ${district.rows} rows, ${UNITS.length} units`);
          if (groups.has('import')) results.push(...(await benchImport(backend, district.ledgerId, DISTRICT, log)));
          if (groups.has('export')) {
            const big = await seedLedger(backend, '万行台账', EXPORT_LEDGER);
            log(`export ledger: ${big.rows} rows`);
            results.push(...(await benchExport(backend, big, { ledgerId: district.ledgerId, units: UNITS }, log)));
          }
        }
      } finally {
        backend.close();
      }
    }

    if (groups.has('merge')) {
      const backend = createBackend(tmp.file('merge.db'), { actor: 'bench' });
      try {
        await seedUnits(backend, UNITS);
        results.push(...(await benchMerge(backend, MERGE_LEDGER, log)));
      } finally {
        backend.close();
      }
    }

    if (groups.has('writers')) {
      const dbPath = tmp.file('writers.db');
      const backend = createBackend(dbPath, { actor: 'bench' });
      try {
        await seedUnits(backend, UNITS);
        const district = await seedLedger(backend, '区级重点工作台账', DISTRICT);
        results.push(...(await benchWriters(backend, { ledgerId: district.ledgerId, shape: DISTRICT, dbPath, dir: tmp.dir }, log)));
      } finally {
        backend.close();
      }
    }

    if (groups.has('ui')) {
      const dbPath = tmp.file('ui.db');
      const backend = createBackend(dbPath, { actor: 'bench' });
      let ledgers;
      try {
        log(`seeding ${rowCount(BIG_UI).toLocaleString('en')} rows for the UI …`);
        await seedUnits(backend, UNITS);
        const small = await seedLedger(backend, '五十行台账', SMALL_UI);
        const big = await seedLedger(backend, '五万行台账', BIG_UI);
        // The bare-SQLite baseline updates the big ledger's first task row, one of the rows the UI edits.
        const listed = await backend.dispatch('rows.list', { ledgerId: big.ledgerId, period: PERIOD });
        if (!listed.ok) throw new Error(`rows.list: ${listed.error.message}`);
        ledgers = { dbPath, staticDir: tmp.file('renderer'), small, big: { ...big, editRowId: (listed.value as { id: number }[])[1].id } };
      } finally {
        backend.close();
      }
      results.push(...(await benchUi(ledgers, log)));
    }

    if (groups.has('report')) {
      const backend = createBackend(tmp.file('report.db'), { actor: 'bench' });
      try {
        log(`seeding ${rowCount(BIG_UI).toLocaleString('en')} rows for the report …`);
        await seedUnits(backend, UNITS);
        const big = await seedLedger(backend, '五万行台账', BIG_UI);
        results.push(...(await benchReport(backend, big, log)));
      } finally {
        backend.close();
      }
    }

    if (groups.has('startup')) {
      const dbPath = tmp.file('startup.db');
      const backend = createBackend(dbPath, { actor: 'bench' });
      let big;
      try {
        log(`seeding ${rowCount(BIG_UI).toLocaleString('en')} rows for the start-up rows …`);
        await seedUnits(backend, UNITS);
        big = await seedLedger(backend, '五万行台账', BIG_UI);
      } finally {
        backend.close();
      }
      results.push(...(await benchStartup({ dbPath, big }, log)));
    }

    if (groups.has('hostile')) results.push(...(await benchHostile(tmp, log)));
  } finally {
    tmp.cleanup();
  }
  return results;
}

main().then(
  // Exit even if a timed-out operation left a worker or a timer behind.
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
