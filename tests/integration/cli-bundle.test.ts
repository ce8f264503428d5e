// The esbuild bundle of the CLI (dist/cli, `npm run build`): built from the real sources, it runs the commands
// as the sources do (its workbook worker and the web host's renderer folder are found from dist/cli), and
// `bin/taizhang.mjs` runs a bundle only while it was built from the sources on disk.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
// @ts-expect-error plain .mjs module without types
import { cliBundleState, cliSourceStamp, writeCliStamp } from '../../bin/cli-bundle.mjs';
// @ts-expect-error plain .mjs build script without types
import { buildCli } from '../../scripts/build-electron.mjs';
import { REPO_ROOT, SOURCE_CLI_ENV, startUrlPrintingProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const BIN = path.join(REPO_ROOT, 'bin', 'taizhang.mjs');
const BUNDLE_ENV = { ...process.env, TAIZHANG_ENTRY: 'bundle' };
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('the built CLI bundle', () => {
  const db = tmp.file('bundle.db');
  const taizhang = (args: string[], env: NodeJS.ProcessEnv) =>
    promisify(execFile)(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8' });

  beforeAll(async () => {
    await buildCli(REPO_ROOT);
    const backend = createBackend(db);
    await backend.dispatch('ledger.create', { name: '2020年台账' });
    backend.close();
  }, 120_000);

  it('is current right after the build, and TAIZHANG_ENTRY=bundle runs it', async () => {
    expect(cliBundleState(REPO_ROOT)).toBe('current');
    const help = await taizhang(['--help'], BUNDLE_ENV);
    expect(help.stdout).toContain('台账（Taizhang）命令行');
    expect(help.stdout).toContain('taizhang serve');
    const ledgers = JSON.parse((await taizhang(['ledgers', '--db', db, '--json'], BUNDLE_ENV)).stdout);
    expect(ledgers).toMatchObject([{ name: '2020年台账', rowCount: 0 }]);
  });

  it('parses a .docx plan in its own bundled worker exactly as the sources do', async () => {
    const args = ['plan', 'parse', path.join(REPO_ROOT, 'tests', 'fixtures', 'plans', 'other-bureau-plan.docx'), '--json'];
    const [bundled, source] = await Promise.all([taizhang(args, BUNDLE_ENV), taizhang(args, SOURCE_CLI_ENV)]);
    expect(JSON.parse(bundled.stdout).sections.length).toBeGreaterThan(0);
    expect(bundled.stdout).toBe(source.stdout);
  });

  it('serves the built UI and answers an API call', async () => {
    const serve = await startUrlPrintingProcess([BIN, 'serve', '--db', db], BUNDLE_ENV);
    try {
      const page = await fetch(serve.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const res = await fetch(`${serve.origin}/api/ledger.list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-taizhang-token': serve.token },
        body: '{}',
      });
      expect(await res.json()).toMatchObject({ ok: true, value: [{ name: '2020年台账' }] });
    } finally {
      await serve.stop();
    }
  }, 120_000);
});

describe('bin/taizhang.mjs choosing between bundle and sources', () => {
  // A miniature repo: the real launcher, a "bundle" and "sources" that each say which one ran.
  const root = tmp.file('mini');
  const sourceCli = path.join(root, 'electron', 'cli.ts');
  const run = (env: Record<string, string> = {}) => {
    const child = spawnSync(process.execPath, [path.join(root, 'bin', 'taizhang.mjs')], {
      cwd: root,
      env: { ...process.env, TAIZHANG_ENTRY: '', ...env },
      encoding: 'utf8',
    });
    return { code: child.status, out: child.stdout.trim(), err: child.stderr };
  };
  const build = () => {
    const dir = path.join(root, 'dist', 'cli');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cli.mjs'), "export async function runCli() { process.stdout.write('bundle\\n'); return 0; }\n");
    writeCliStamp(dir, cliSourceStamp(root));
  };

  beforeAll(() => {
    for (const dir of ['bin', 'electron', 'shared', 'scripts']) fs.mkdirSync(path.join(root, dir), { recursive: true });
    for (const file of ['taizhang.mjs', 'cli-bundle.mjs']) fs.copyFileSync(path.join(REPO_ROOT, 'bin', file), path.join(root, 'bin', file));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(path.join(root, 'shared', 'names.ts'), "export const NAME = 'sources';\n");
    fs.writeFileSync(sourceCli, "export async function runCli(): Promise<number> { process.stdout.write('source v1\\n'); return 0; }\n");
  });

  it('runs the sources while there is no bundle', () => {
    expect(cliBundleState(root)).toBe('missing');
    expect(run().out).toBe('source v1');
  });

  it('runs the bundle while it is current, and the sources once a source file changed, was added or removed', () => {
    build();
    expect(run()).toMatchObject({ code: 0, out: 'bundle' });
    // An edit without a rebuild: the edited code runs.
    fs.writeFileSync(sourceCli, fs.readFileSync(sourceCli, 'utf8').replace('v1', 'v2'));
    expect(cliBundleState(root)).toBe('stale');
    expect(run().out).toBe('source v2');
    // TAIZHANG_ENTRY=bundle refuses a stale bundle instead of running old code.
    const refused = run({ TAIZHANG_ENTRY: 'bundle' });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('npm run build');

    build();
    expect(run().out).toBe('bundle');
    const added = path.join(root, 'shared', 'more.ts');
    fs.writeFileSync(added, 'export {};\n');
    expect(run().out).toBe('source v2');
    build();
    fs.rmSync(added);
    expect(run().out).toBe('source v2');
    build();
    // Same size, only the mtime moved (e.g. a checkout of another version of the file).
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(root, 'shared', 'names.ts'), later, later);
    expect(run().out).toBe('source v2');
  });

  it('TAIZHANG_ENTRY=source runs the sources even beside a current bundle', () => {
    build();
    expect(run().out).toBe('bundle');
    expect(run({ TAIZHANG_ENTRY: 'source' }).out).toBe('source v2');
  });
});
