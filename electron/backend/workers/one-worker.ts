// One worker thread answering numbered jobs (the backup before an import, image thumbnails): started on
// first use, holding the process alive only while a job of its own is pending. When it fails, exits or is
// stopped, the jobs it had are told (`lost`) and the next job starts a fresh worker.
import type { Worker } from 'node:worker_threads';
import { spawn } from '../excel/safe-load.js';

export interface JobHandlers<Reply> {
  answered(reply: Reply): void;
  /** The worker went away before answering (crash, out of memory, stopped). */
  lost(why: string): void;
}

/** A job as posted, without its id (each kind of a union of jobs keeps its own fields). */
export type NewJob<Job> = Job extends unknown ? Omit<Job, 'id'> : never;

export interface OneWorker<Job, Reply> {
  /** Starts the worker ahead of its first job. */
  warm(): void;
  /** Posts the job under a fresh id, which it returns. */
  post(job: NewJob<Job>, handlers: JobHandlers<Reply>): number;
  /** Gives up on a job (its handlers are not called) and ends the worker busy with it, for a fresh start. */
  abandon(id: number): void;
  /** Runs the jobs in another worker build (the bundled .mjs: tests of the bundles). */
  use(url: URL): void;
  stop(): Promise<void>;
}

export function oneWorker<Job extends { id: number }, Reply extends { id: number }>(defaultUrl: () => URL, maxHeapMb: number): OneWorker<Job, Reply> {
  let url = defaultUrl;
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, JobHandlers<Reply> & { worker: Worker }>();

  const hasJobs = (w: Worker) => [...pending.values()].some((p) => p.worker === w);
  const loseJobsOf = (w: Worker, why: string) => {
    for (const [id, p] of pending) {
      if (p.worker !== w) continue;
      pending.delete(id);
      p.lost(why);
    }
  };

  function ensure(): Worker {
    if (worker) return worker;
    const w = spawn(url(), maxHeapMb);
    w.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (!hasJobs(w)) w.unref();
      p.answered(reply);
    });
    const drop = (why: string) => {
      if (worker === w) worker = null;
      loseJobsOf(w, why);
    };
    w.on('error', (err) => drop(err.message));
    w.on('exit', (code) => drop(`exit ${code}`));
    // After the listeners: adding a 'message' listener refs a worker again, and a warmed worker never
    // used (a preview discarded, a --dry-run) then kept the CLI from exiting.
    w.unref();
    worker = w;
    return w;
  }

  const stop = async () => {
    const w = worker;
    worker = null;
    if (!w) return;
    loseJobsOf(w, 'stopped');
    await w.terminate();
  };

  return {
    warm: () => void ensure(),
    post(job, handlers) {
      const w = ensure();
      const id = nextId++;
      pending.set(id, { ...handlers, worker: w });
      w.ref();
      w.postMessage({ ...job, id });
      return id;
    },
    abandon(id) {
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      if (worker === p.worker) worker = null;
      void p.worker.terminate();
    },
    use(next) {
      url = () => next;
      void stop();
    },
    stop,
  };
}
