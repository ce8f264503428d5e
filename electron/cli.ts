// The command-line host: `taizhang <command> [--db PATH] [--json]` over the same dispatcher as the app.
import { parseArgs } from 'node:util';
import { AppError, storageError } from '#shared/errors.js';
import { COMMANDS } from './cli/commands.js';
import { CliContext, type CliFlags } from './cli/context.js';
import { escapeControls } from '#shared/text-normalise.js';

function helpText(): string {
  const lines = ['台账（Taizhang）命令行', '', '用法：'];
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', '--db PATH  使用指定的数据库文件（默认与桌面程序相同）', '--json     输出 JSON，便于其他程序处理');
  return lines.join('\n');
}

/** Finds the command named by the leading positionals (commands may be two words, e.g. `plan parse`). */
function findCommand(args: string[]): { name: string; command: NonNullable<(typeof COMMANDS)[string]>; rest: string[] } | undefined {
  for (let words = 2; words >= 1; words--) {
    const name = args.slice(0, words).join(' ');
    const command = COMMANDS[name];
    if (args.length >= words && command) return { name, command, rest: args.slice(words) };
  }
  return undefined;
}

export async function runCli(argv: string[], out?: (text: string) => void): Promise<number> {
  const leading = argv.filter((a) => !a.startsWith('-'));
  if (!argv.length || argv.includes('--help') || argv.includes('-h') || leading[0] === 'help') {
    (out ?? ((t: string) => process.stdout.write(t)))(`${helpText()}\n`);
    return 0;
  }
  const found = findCommand(leading);
  const json = argv.includes('--json');
  const reportError = (code: string, message: string) => {
    if (json) (out ?? ((t: string) => process.stdout.write(t)))(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
    // One line: a name inside the message (a path, a file name) cannot start lines of its own.
    process.stderr.write(`错误：${escapeControls(message)}\n`);
  };
  if (!found) {
    reportError('unknown_command', `不认识的命令“${leading.join(' ')}”。运行 taizhang --help 查看可用命令。`);
    return 2;
  }
  const { command } = found;
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    db: { type: 'string' },
    json: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    'read-only': { type: 'boolean' },
  };
  for (const f of command.valueFlags ?? []) options[f] = { type: 'string' };
  for (const f of command.booleanFlags ?? []) options[f] = { type: 'boolean' };
  for (const f of command.multiFlags ?? []) options[f] = { type: 'string', multiple: true };
  let flags: CliFlags;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    flags = { ...(parsed.values as Record<string, string | boolean | string[]>), json: Boolean(parsed.values.json) } as CliFlags;
    positionals = parsed.positionals.slice(found.name.split(' ').length);
  } catch (err) {
    reportError('invalid_input', `${(err as Error).message}。用法：${command.usage}`);
    return 2;
  }
  const ctx = new CliContext(flags, positionals, out);
  try {
    const code = await command.run(ctx);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    const mapped = err instanceof AppError ? err : storageError(err);
    if (mapped) reportError(mapped.code, mapped.message);
    else reportError('internal', err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    ctx.close();
  }
}
