// Runs several CLI command lines in one Node process (one tsx start-up for all) and prints, as one
// JSON line, each run's exit code, stdout, stderr, time and RSS. Used where a command might hang or
// grow without bound: the parent watches this process and kills it (see tests/helpers/cli-batch.ts).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../../electron/cli.ts');
const batches = JSON.parse(process.argv[2]);
const results = [];
for (const argv of batches) {
  let out = '';
  let err = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk) => ((err += String(chunk)), true);
  const started = performance.now();
  let code;
  try {
    code = await runCli(argv, (t) => (out += t));
  } finally {
    process.stderr.write = write;
  }
  results.push({ argv, code, out, err, ms: Math.round(performance.now() - started), rssMb: Math.round(process.memoryUsage().rss / 1048576) });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
