// The Electron bundle's thumbnail worker (dist/electron/thumbnail-worker.mjs) really turns a JPEG into a PNG
// with the native resvg module kept external, as the packaged app runs it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeThumbnail, stopThumbnailWorker, useThumbnailWorker } from '../../electron/backend/evidence/thumbnails.js';
// @ts-expect-error plain .mjs build script without types
import { buildElectron } from '../../scripts/build-electron.mjs';
import { fixture } from '../helpers/evidence-files.js';
import { REPO_ROOT } from '../helpers/serve.js';

// Inside the repository, as dist/electron is: the worker finds node_modules/@resvg the way the packaged app does.
const outDir = path.join(REPO_ROOT, 'dist', `evidence-bundle-test-${process.pid}`);
afterAll(async () => {
  await stopThumbnailWorker();
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('the bundled thumbnail worker', () => {
  it('makes a 160-pixel PNG from a JPEG', async () => {
    const out: string = await buildElectron(REPO_ROOT, outDir);
    useThumbnailWorker(pathToFileURL(`${out}/thumbnail-worker.mjs`));
    const png = await makeThumbnail(fixture('photo.jpg'), 'image/jpeg');
    expect(png).not.toBeNull();
    const b = Buffer.from(png!);
    expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(b.readUInt32BE(16)).toBe(160);
  });
});
