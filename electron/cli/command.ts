import type { CliContext } from './context.js';

export interface Command {
  usage: string;
  summary: string;
  /** Flags that take a value (all others are booleans). */
  valueFlags?: string[];
  /** Boolean flags besides --json (e.g. --dry-run). */
  booleanFlags?: string[];
  /** Flags that take a value and may be repeated (`--alias A --alias B` → ['A', 'B']). */
  multiFlags?: string[];
  /** Resolves to the exit code when it is not 0 (a run that finished but did not do its job), else nothing. */
  run(ctx: CliContext): Promise<void | number>;
}
