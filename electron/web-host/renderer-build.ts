// `serve` must work right after `npm install`: build the renderer on demand when the sources changed
// since the last build. The build goes to a temp folder and is renamed into place, so two servers
// starting together never see a half-written build.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RENDERER_DIST = path.join(REPO_ROOT, 'dist', 'renderer');
const STAMP_FILE = 'build-stamp.txt';

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** A hash of every input of the renderer build: its sources, the contract and the build config. */
export function rendererSourceStamp(): string {
  const hash = crypto.createHash('sha256');
  const inputs = [
    ...listFiles(path.join(REPO_ROOT, 'renderer')),
    ...listFiles(path.join(REPO_ROOT, 'shared')),
    path.join(REPO_ROOT, 'vite.config.ts'),
    path.join(REPO_ROOT, 'package-lock.json'),
  ];
  for (const file of inputs) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(REPO_ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

export function rendererIsCurrent(): boolean {
  try {
    return fs.readFileSync(path.join(RENDERER_DIST, STAMP_FILE), 'utf8') === rendererSourceStamp();
  } catch {
    return false;
  }
}

export async function ensureRendererBuilt(log: (line: string) => void = () => {}): Promise<string> {
  if (rendererIsCurrent()) return RENDERER_DIST;
  log('正在构建界面（首次运行或界面代码有更新，约需 10–30 秒）…');
  const stamp = rendererSourceStamp();
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
  fs.writeFileSync(path.join(tmp, STAMP_FILE), stamp);
  const old = `${RENDERER_DIST}.old-${process.pid}-${Date.now()}`;
  if (fs.existsSync(RENDERER_DIST)) fs.renameSync(RENDERER_DIST, old);
  fs.renameSync(tmp, RENDERER_DIST);
  fs.rmSync(old, { recursive: true, force: true });
  return RENDERER_DIST;
}
