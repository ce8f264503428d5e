// What every CLI command gets: parsed flags, the backend (opened lazily), and output helpers
// that honour --json. Errors become one Chinese line on stderr (or a JSON error with --json).
import { createClient, type Client } from '#shared/client.js';
import { AppError } from '#shared/errors.js';
import { createBackend, type Backend } from '../backend/backend.js';
import { defaultDbPath } from '../backend/paths.js';

export interface CliFlags {
  db?: string;
  json: boolean;
  [name: string]: string | boolean | string[] | undefined;
}

export class CliContext {
  private backend?: Backend;

  constructor(
    readonly flags: CliFlags,
    readonly positionals: string[],
    readonly out: (text: string) => void = (t) => process.stdout.write(t),
  ) {}

  get dbPath(): string {
    return this.flags.db ?? defaultDbPath();
  }

  open(): Backend {
    // --read-only opens the database for reading only (what an unwritable file gets by itself).
    this.backend ??= createBackend(this.dbPath, { readonly: this.flags['read-only'] === true });
    return this.backend;
  }

  client(): Client {
    const backend = this.open();
    return createClient((method, input) => backend.dispatch(method, input));
  }

  /** Resolve `--ledger ID`, defaulting to the most recently used ledger. */
  async ledgerId(): Promise<number> {
    const given = this.flags.ledger;
    if (typeof given === 'string') {
      const id = Number(given);
      if (!Number.isInteger(id) || id <= 0) throw new AppError('invalid_input', `--ledger 需要台账编号（正整数），收到“${given}”。`);
      return id;
    }
    const ledgers = await this.client().call('ledger.list', {});
    const [latest] = ledgers;
    if (!latest) throw new AppError('not_found', '数据库中还没有台账，请先新建台账（例如 taizhang plan import 工作要点.txt）。');
    return latest.id;
  }

  print(human: string, json: unknown): void {
    this.out(this.flags.json ? `${JSON.stringify(json, null, 2)}\n` : human.endsWith('\n') ? human : `${human}\n`);
  }

  close(): void {
    this.backend?.close();
    this.backend = undefined;
  }
}
