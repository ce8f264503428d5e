// The grid's own shortcuts, without a browser: which command a key on a cell asks for.
import { describe, expect, it } from 'vitest';
import { gridKeyCommand } from '../../renderer/src/pages/workbench/grid-keys.js';

const key = (k: string, mods: { ctrl?: boolean; meta?: boolean; alt?: boolean; shift?: boolean } = {}) =>
  gridKeyCommand({ key: k, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, altKey: !!mods.alt, shiftKey: !!mods.shift });

describe('grid keys', () => {
  it('undoes with Ctrl+Z (⌘Z too) and redoes with Ctrl+Y or Ctrl+Shift+Z', () => {
    expect(key('z', { ctrl: true })).toBe('undo');
    expect(key('Z', { meta: true })).toBe('undo');
    expect(key('y', { ctrl: true })).toBe('redo');
    expect(key('Z', { ctrl: true, shift: true })).toBe('redo');
    expect(key('z', { ctrl: true, alt: true })).toBeNull();
  });

  it('clears with a bare Delete only', () => {
    expect(key('Delete')).toBe('clear');
    expect(key('Delete', { ctrl: true })).toBeNull();
    expect(key('Delete', { alt: true })).toBeNull();
  });

  it('collapses, expands and moves rows with Alt+arrows, ahead of the rectangle', () => {
    expect(key('ArrowLeft', { alt: true })).toBe('collapse');
    expect(key('ArrowRight', { alt: true })).toBe('expand');
    expect(key('ArrowUp', { alt: true })).toBe('moveUp');
    expect(key('ArrowDown', { alt: true, shift: true })).toBe('moveDown');
    expect(key('ArrowLeft', { alt: true, ctrl: true, shift: true })).toBe('extend');
  });

  it('grows the rectangle with Shift+arrows, and leaves every other key to AG Grid', () => {
    expect(key('ArrowDown', { shift: true })).toBe('extend');
    expect(key('ArrowRight', { shift: true, ctrl: true })).toBe('extend');
    expect(key('ArrowDown')).toBeNull();
    expect(key('a')).toBeNull();
    expect(key('Enter', { shift: true })).toBeNull();
  });
});
