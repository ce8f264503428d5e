// The one worker behind the backup before an import and the thumbnails: jobs are answered by id; a worker
// that dies fails only its own jobs and the next job gets a fresh one; an abandoned job is never answered.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { oneWorker, type JobHandlers } from '../../electron/backend/workers/one-worker.js';
import { makeTempDir } from '../helpers/temp-dir.js';

interface Job {
  id: number;
  n: number;
  /** 'crash' ends the thread, 'hang' never answers. */
  act?: 'crash' | 'hang';
}
interface Reply {
  id: number;
  doubled: number;
  thread: number;
}

const tmp = makeTempDir();
const script = tmp.file('echo-worker.mjs');
fs.writeFileSync(
  script,
  `import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (job) => {
  if (job.act === 'crash') process.exit(3);
  if (job.act === 'hang') return;
  parentPort.postMessage({ id: job.id, doubled: job.n * 2, thread: threadId });
});`,
);

const jobs = oneWorker<Job, Reply>(() => pathToFileURL(script), 64);
afterEach(() => jobs.stop());

/** Posts a job; resolves with its reply, or 'lost: why'. */
function ask(job: Omit<Job, 'id'>, onId?: (id: number) => void): Promise<Reply | string> {
  return new Promise((resolve) => {
    const handlers: JobHandlers<Reply> = { answered: resolve, lost: (why) => resolve(`lost: ${why}`) };
    const id = jobs.post(job, handlers);
    onId?.(id);
  });
}

describe('oneWorker', () => {
  it('answers each job by its id, on one thread', async () => {
    const [a, b] = await Promise.all([ask({ n: 2 }), ask({ n: 5 })]);
    expect(a).toMatchObject({ doubled: 4 });
    expect(b).toMatchObject({ doubled: 10 });
    expect((a as Reply).thread).toBe((b as Reply).thread);
  });

  it('tells the jobs of a worker that died, and starts a fresh one for the next job', async () => {
    const first = (await ask({ n: 1 })) as Reply;
    const waiting = ask({ n: 1, act: 'hang' });
    expect(await ask({ n: 1, act: 'crash' })).toBe('lost: exit 3');
    expect(await waiting).toBe('lost: exit 3');
    const next = (await ask({ n: 3 })) as Reply;
    expect(next.doubled).toBe(6);
    expect(next.thread).not.toBe(first.thread);
  });

  it('never answers an abandoned job; the others on its worker are lost and the next job runs', async () => {
    let id = 0;
    let abandonedSettled = false;
    void ask({ n: 1, act: 'hang' }, (i) => (id = i)).then(() => (abandonedSettled = true));
    const other = ask({ n: 1, act: 'hang' });
    jobs.abandon(id);
    expect(await other).toMatch(/^lost: /);
    expect((await ask({ n: 4 })) as Reply).toMatchObject({ doubled: 8 });
    expect(abandonedSettled).toBe(false);
  });

  it('stopping loses the pending jobs at once', async () => {
    const waiting = ask({ n: 1, act: 'hang' });
    await jobs.stop();
    expect(await waiting).toBe('lost: stopped');
  });
});
