// Opening a file in the system viewer is a desktop capability: the Electron shell registers it
// (shell.openPath); the CLI and the browser host have none (the browser opens a new tab instead).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EVIDENCE_EXTENSIONS, type EvidenceType } from '#shared/api/evidence-api.js';

type Opener = (filePath: string) => Promise<string | void>;
let opener: Opener | null = null;

export function setExternalOpener(open: Opener | null): void {
  opener = open;
}

/**
 * Writes a read-only copy to a fresh temp folder under a name made from the record id and the type's
 * extension (never the clerk's file name) and hands it to the viewer. False when the host cannot.
 */
export async function openExternally(id: number, type: EvidenceType, bytes: Uint8Array): Promise<boolean> {
  if (!opener) return false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-evidence-'));
  const file = path.join(dir, `佐证材料-${id}.${EVIDENCE_EXTENSIONS[type]}`);
  fs.writeFileSync(file, bytes, { mode: 0o444 });
  const error = await opener(file);
  return !error;
}
