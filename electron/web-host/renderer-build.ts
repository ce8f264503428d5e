// `serve` must work right after `npm install`: build the renderer on demand when the sources changed
// since the last build. The build goes to a temp folder and is renamed into place, so two servers
// starting together never see a half-written build.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RENDERER_DIST = path.join(REPO_ROOT, 'dist', 'renderer');
/** A hash of the contents of every input of the build: what decides whether it is current. */
const STAMP_FILE = 'build-stamp.txt';
/** Path, size and mtime of every input as the build saw them: when they still match, no file is read. */
const STAT_FILE = 'source-stat.txt';

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every input of the renderer build: its sources, the contract and the build config. */
function rendererInputs(root: string): string[] {
  return [
    ...listFiles(path.join(root, 'renderer')),
    ...listFiles(path.join(root, 'shared')),
    path.join(root, 'vite.config.ts'),
    path.join(root, 'package-lock.json'),
  ].sort();
}

/** One line per input: its path, size and mtime (stat only, as bin/cli-bundle.mjs's stamp). */
function sourceStat(root: string, inputs: string[]): string {
  return inputs
    .map((file) => {
      const st = fs.statSync(file, { throwIfNoEntry: false });
      return `${path.relative(root, file)}\t${st ? `${st.size}\t${st.mtimeMs}` : '-'}\n`;
    })
    .join('');
}

function sourceHash(root: string, inputs: string[]): string {
  const hash = crypto.createHash('sha256');
  for (const file of inputs) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(root, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/** What a build records of its inputs, taken just before it starts (an edit during the build makes it stale). */
export function rendererSourceStamps(root = REPO_ROOT): { stat: string; hash: string } {
  const inputs = rendererInputs(root);
  return { stat: sourceStat(root, inputs), hash: sourceHash(root, inputs) };
}

export function writeRendererStamps(dist: string, stamps: { stat: string; hash: string }): void {
  fs.writeFileSync(path.join(dist, STAMP_FILE), stamps.hash);
  fs.writeFileSync(path.join(dist, STAT_FILE), stamps.stat);
}

/**
 * Whether the build in `dist` is that of the sources under `root`. Start-up runs this: the stat listing
 * answers it without reading a file; only when a listed file was touched are the contents hashed, and a
 * touch that changed nothing (a checkout, a copy) renews the listing so the next start is cheap again.
 */
export function rendererIsCurrent(root = REPO_ROOT, dist = RENDERER_DIST): boolean {
  let hash: string;
  try {
    hash = fs.readFileSync(path.join(dist, STAMP_FILE), 'utf8');
  } catch {
    return false;
  }
  const inputs = rendererInputs(root);
  const stat = sourceStat(root, inputs);
  if (readOrNull(path.join(dist, STAT_FILE)) === stat) return true;
  if (sourceHash(root, inputs) !== hash) return false;
  try {
    const tmp = path.join(dist, `${STAT_FILE}.tmp-${process.pid}`);
    fs.writeFileSync(tmp, stat);
    fs.renameSync(tmp, path.join(dist, STAT_FILE));
  } catch {
    // A read-only install: the contents are hashed at each start, as before.
  }
  return true;
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export async function ensureRendererBuilt(log: (line: string) => void = () => {}): Promise<string> {
  if (rendererIsCurrent()) return RENDERER_DIST;
  log('正在构建界面（首次运行或界面代码有更新，约需 10–30 秒）…');
  const stamps = rendererSourceStamps();
  const tmp = `${RENDERER_DIST}.tmp-${process.pid}-${Date.now()}`;
  const { build } = await import('vite');
  // Always a production build: under vitest NODE_ENV is 'test', which would otherwise give React's
  // development build (several times slower on large ledgers), and the stamp would keep it for `serve`.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(REPO_ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: tmp, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeRendererStamps(tmp, stamps);
  const old = `${RENDERER_DIST}.old-${process.pid}-${Date.now()}`;
  if (fs.existsSync(RENDERER_DIST)) fs.renameSync(RENDERER_DIST, old);
  fs.renameSync(tmp, RENDERER_DIST);
  fs.rmSync(old, { recursive: true, force: true });
  return RENDERER_DIST;
}
