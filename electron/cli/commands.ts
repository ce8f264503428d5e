// All CLI commands, one file per concern. Names, flags and JSON fields are a public automation
// interface that other tools script against: keep them exactly; add fields freely.
import type { Command } from './command.js';
import { coreCommands } from './core-commands.js';
import { templateCommands } from './template-commands.js';
import { planCommands } from './plan-commands.js';
import { submissionCommands } from './submission-commands.js';
import { ledgerImportCommands } from './ledger-import-commands.js';
import { unitCommands } from './unit-commands.js';
import { reportCommands } from './report-commands.js';
import { evidenceCommands } from './evidence-commands.js';
import { backupCommands } from './backup-commands.js';

export type { Command } from './command.js';

export const COMMANDS: Record<string, Command> = {
  ...coreCommands,
  ...templateCommands,
  ...planCommands,
  ...submissionCommands,
  ...ledgerImportCommands,
  ...unitCommands,
  ...reportCommands,
  ...evidenceCommands,
  ...backupCommands,
};
