// Whether the esbuild bundle of the CLI (dist/cli, made by `npm run build`) is current, i.e. built from
// exactly the sources on disk. The fingerprint is the path, size and mtime of every file the bundle is
// built from (stat only, no reads: a few ms), so any edit, added or deleted file after the build makes
// the bundle stale and `taizhang` runs the sources through tsx instead.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const CLI_BUNDLE_DIR = path.join('dist', 'cli');
export const CLI_BUNDLE_ENTRY = 'cli.mjs';
const STAMP_FILE = 'source-stamp.txt';
const SOURCE_DIRS = ['electron', 'shared'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'scripts/build-electron.mjs'];

/** The fingerprint of the bundle's inputs under ROOT. */
export function cliSourceStamp(root) {
  const files = [...SOURCE_FILES];
  for (const dir of SOURCE_DIRS) {
    for (const e of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (e.isFile()) files.push(path.relative(root, path.join(e.parentPath, e.name)));
    }
  }
  const hash = crypto.createHash('sha256');
  for (const file of files.sort()) {
    const st = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    hash.update(`${file}\0${st ? `${st.size}:${st.mtimeMs}` : '-'}\n`);
  }
  return hash.digest('hex');
}

/** 'current', 'stale' (sources changed since the build) or 'missing' (never built). */
export function cliBundleState(root) {
  let stamp;
  try {
    stamp = fs.readFileSync(path.join(root, CLI_BUNDLE_DIR, STAMP_FILE), 'utf8');
  } catch {
    return 'missing';
  }
  return stamp === cliSourceStamp(root) ? 'current' : 'stale';
}

/** Records, in a freshly built bundle folder, the stamp of the sources taken just before the build began. */
export function writeCliStamp(bundleDir, stamp) {
  fs.writeFileSync(path.join(bundleDir, STAMP_FILE), stamp);
}
