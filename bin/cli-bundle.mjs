// Whether the esbuild bundle of the CLI (dist/cli, made by `npm run build`) is current, i.e. built from
// exactly the sources on disk. The fingerprint is the path, size and mtime of every file the bundle is
// built from (stat only, no reads: 10–30 ms), so any edit, added or deleted file after the build makes
// the bundle stale and `taizhang` runs the sources through tsx instead.
import fs from 'node:fs';
import path from 'node:path';

export const CLI_BUNDLE_DIR = path.join('dist', 'cli');
export const CLI_BUNDLE_ENTRY = 'cli.mjs';
const STAMP_FILE = 'source-stamp.txt';
const SOURCE_DIRS = ['electron', 'shared'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'scripts/build-electron.mjs'];

/** The fingerprint of the bundle's inputs under ROOT: one line per file, its path, size and mtime. */
export function cliSourceStamp(root) {
  const files = [...SOURCE_FILES];
  for (const dir of SOURCE_DIRS) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    for (const e of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (e.isFile()) files.push(path.relative(root, path.join(e.parentPath, e.name)));
    }
  }
  // The listing itself, not a hash of it: loading node:crypto would cost more than comparing ~15 kB.
  return files
    .sort()
    .map((file) => {
      const st = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
      return `${file}\t${st ? `${st.size}\t${st.mtimeMs}` : '-'}\n`;
    })
    .join('');
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
