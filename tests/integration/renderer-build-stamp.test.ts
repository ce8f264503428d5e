// Whether `serve` must rebuild the UI: a stat listing of the sources answers at start-up without reading
// them; the contents are hashed only when a file was touched, and a touch that changed nothing is no rebuild.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { rendererIsCurrent, rendererSourceStamps, writeRendererStamps } from '../../electron/web-host/renderer-build.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const root = path.join(tmp.dir, 'repo');
const dist = path.join(root, 'dist', 'renderer');
const src = (name: string) => path.join(root, name);
afterAll(() => tmp.cleanup());

/** Sets a file's mtime a few seconds on (as a checkout rewriting it would). */
const touch = (file: string, by = 5) => {
  const t = fs.statSync(file).mtime.getTime() / 1000 + by;
  fs.utimesSync(file, t, t);
};

beforeEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  for (const [file, text] of [
    ['renderer/src/main.tsx', 'main'],
    ['shared/api.ts', 'api'],
    ['vite.config.ts', 'config'],
    ['package-lock.json', '{}'],
  ] as const) {
    fs.mkdirSync(path.dirname(src(file)), { recursive: true });
    fs.writeFileSync(src(file), text);
  }
  fs.mkdirSync(dist, { recursive: true });
  writeRendererStamps(dist, rendererSourceStamps(root));
});

describe('rendererIsCurrent', () => {
  it('is current as built, without reading the sources while their listing matches', () => {
    expect(rendererIsCurrent(root, dist)).toBe(true);
    // The hash is not consulted while the listing matches (a wrong one changes nothing).
    fs.writeFileSync(path.join(dist, 'build-stamp.txt'), 'not the hash');
    expect(rendererIsCurrent(root, dist)).toBe(true);
    touch(src('shared/api.ts'));
    expect(rendererIsCurrent(root, dist)).toBe(false);
  });

  it('hashes a touched but unchanged source, stays current and renews the listing', () => {
    const statFile = path.join(dist, 'source-stat.txt');
    const before = fs.readFileSync(statFile, 'utf8');
    touch(src('renderer/src/main.tsx'));
    expect(rendererIsCurrent(root, dist)).toBe(true);
    expect(fs.readFileSync(statFile, 'utf8')).not.toBe(before);
    expect(fs.readFileSync(statFile, 'utf8')).toBe(rendererSourceStamps(root).stat);
  });

  it('is stale after an edit, an added file or a removed one, and without a build', () => {
    fs.writeFileSync(src('renderer/src/main.tsx'), 'edited');
    expect(rendererIsCurrent(root, dist)).toBe(false);
    writeRendererStamps(dist, rendererSourceStamps(root));
    fs.writeFileSync(src('shared/new.ts'), 'new');
    expect(rendererIsCurrent(root, dist)).toBe(false);
    writeRendererStamps(dist, rendererSourceStamps(root));
    fs.rmSync(src('shared/new.ts'));
    expect(rendererIsCurrent(root, dist)).toBe(false);
    fs.rmSync(dist, { recursive: true });
    expect(rendererIsCurrent(root, dist)).toBe(false);
  });

  it('takes a build that has only the hash (an older one) as current when the sources match it', () => {
    fs.rmSync(path.join(dist, 'source-stat.txt'));
    expect(rendererIsCurrent(root, dist)).toBe(true);
    expect(fs.existsSync(path.join(dist, 'source-stat.txt'))).toBe(true);
  });
});
