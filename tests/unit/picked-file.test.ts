// Files picked or dropped in the app: the size is checked against the shared caps before the page
// reads a byte (File.arrayBuffer), with the same message the backend gives.
import { describe, expect, it, vi } from 'vitest';
import { readPickedFile } from '../../renderer/src/api/picked-file.js';
import { FILE_LIMITS, fileTooLargeMessage } from '#shared/file-limits.js';

/** A File that says it is `size` bytes, without holding them. */
function fileOfSize(name: string, size: number): File {
  const file = new File(['x'], name);
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

describe('readPickedFile', () => {
  it('refuses a file over its kind cap without reading it', async () => {
    const file = fileOfSize('巨大.xlsx', FILE_LIMITS.submission.maxBytes + 1);
    const read = vi.spyOn(file, 'arrayBuffer');
    await expect(readPickedFile(file, 'submission')).rejects.toMatchObject({
      code: 'file_too_large',
      message: `“巨大.xlsx”：${fileTooLargeMessage('submission', FILE_LIMITS.submission.maxBytes + 1)}`,
    });
    expect(read).not.toHaveBeenCalled();
  });

  it('reads a file within the cap', async () => {
    const bytes = await readPickedFile(new File(['一、全面从严治党'], '工作要点.txt'), 'plan');
    expect(new TextDecoder().decode(bytes)).toBe('一、全面从严治党');
  });
});
