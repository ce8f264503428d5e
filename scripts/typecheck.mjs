// npm run typecheck: each folder against its own tsconfig (what it may see: shared/ neither Node nor the
// DOM, electron/ Node, renderer/ the DOM; tests, bench and scripts the root one), two at a time.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const projects = ['electron/tsconfig.json', 'tsconfig.json', 'renderer/tsconfig.json', 'shared/tsconfig.json'];

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ project, code, output }));
  });
}

const queue = [...projects];
const failed = [];
await Promise.all(
  [0, 1].map(async () => {
    for (let project = queue.shift(); project; project = queue.shift()) {
      const result = await check(project);
      if (result.code !== 0) failed.push(result);
    }
  }),
);
for (const f of failed) process.stdout.write(`\n${f.project}:\n${f.output}`);
if (failed.length) process.exitCode = 1;
else console.log(`typecheck: ${projects.length} projects clean`);
