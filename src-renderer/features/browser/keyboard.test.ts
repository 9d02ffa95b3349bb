import { describe, expect, it } from 'vitest';
import { gridCommand, isFindKey, listCommand, type KeyInput } from './keyboard';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('listCommand', () => {
  it('maps movement keys with Shift extending and Ctrl moving the focus only', () => {
    expect(listCommand(key('ArrowDown'))).toEqual({ type: 'move', movement: 'down', extend: false, focusOnly: false });
    expect(listCommand(key('End', { shiftKey: true }))).toEqual({ type: 'move', movement: 'end', extend: true, focusOnly: false });
    expect(listCommand(key('PageUp', { ctrlKey: true }))).toEqual({ type: 'move', movement: 'pageUp', extend: false, focusOnly: true });
  });

  it('maps navigation: Backspace, Alt+Up, Cmd+Up go up; Alt+Left/Right go back and forward', () => {
    expect(listCommand(key('Backspace'))).toEqual({ type: 'up' });
    expect(listCommand(key('ArrowUp', { altKey: true }))).toEqual({ type: 'up' });
    expect(listCommand(key('ArrowUp', { metaKey: true }))).toEqual({ type: 'up' });
    expect(listCommand(key('ArrowLeft', { altKey: true }))).toEqual({ type: 'back' });
    expect(listCommand(key('ArrowRight', { altKey: true }))).toEqual({ type: 'forward' });
  });

  it('maps actions', () => {
    expect(listCommand(key('a', { ctrlKey: true }))).toEqual({ type: 'selectAll' });
    expect(listCommand(key('A', { metaKey: true }))).toEqual({ type: 'selectAll' });
    expect(listCommand(key('Enter'))).toEqual({ type: 'open' });
    expect(listCommand(key('Delete'))).toEqual({ type: 'delete' });
    expect(listCommand(key('Backspace', { metaKey: true }))).toEqual({ type: 'delete' });
    expect(listCommand(key('F2'))).toEqual({ type: 'rename' });
    expect(listCommand(key('Escape'))).toEqual({ type: 'clear' });
    expect(listCommand(key('ContextMenu'))).toEqual({ type: 'menu' });
    expect(listCommand(key('F10', { shiftKey: true }))).toEqual({ type: 'menu' });
    expect(listCommand(key(' ', { ctrlKey: true }))).toEqual({ type: 'toggleFocused' });
  });

  it('maps Ctrl/Cmd+C, X and V to copy, cut and paste; Ctrl/Cmd+F finds', () => {
    expect(listCommand(key('c', { ctrlKey: true }))).toEqual({ type: 'copy' });
    expect(listCommand(key('x', { metaKey: true }))).toEqual({ type: 'cut' });
    expect(listCommand(key('V', { ctrlKey: true }))).toEqual({ type: 'paste' });
    expect(listCommand(key('c'))).toEqual({ type: 'typeahead', text: 'c' });
    expect(isFindKey(key('f', { ctrlKey: true }))).toBe(true);
    expect(isFindKey(key('F', { metaKey: true }))).toBe(true);
    expect(isFindKey(key('f'))).toBe(false);
    expect(isFindKey(key('f', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });

  it('leaves other shortcuts to the browser and uses characters for type-to-find', () => {
    expect(listCommand(key('F10'))).toBeNull();
    expect(listCommand(key('r', { ctrlKey: true }))).toBeNull();
    expect(listCommand(key('C', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(listCommand(key('x', { altKey: true }))).toBeNull();
    expect(listCommand(key('Tab'))).toBeNull();
    expect(listCommand(key('r'))).toEqual({ type: 'typeahead', text: 'r' });
    expect(listCommand(key('R', { shiftKey: true }))).toEqual({ type: 'typeahead', text: 'R' });
  });
});

describe('gridCommand', () => {
  it('moves one card with Left and Right and one row with Up and Down; the rest as in the list', () => {
    expect(gridCommand(key('ArrowRight'), 4)).toEqual({ type: 'move', movement: 'down', extend: false, focusOnly: false });
    expect(gridCommand(key('ArrowLeft', { shiftKey: true }), 4)).toEqual({ type: 'move', movement: 'up', extend: true, focusOnly: false });
    expect(gridCommand(key('ArrowDown'), 4)).toEqual({ type: 'move', movement: 'pageDown', extend: false, focusOnly: false, step: 4 });
    expect(gridCommand(key('ArrowUp', { ctrlKey: true }), 3)).toEqual({ type: 'move', movement: 'pageUp', extend: false, focusOnly: true, step: 3 });
    expect(gridCommand(key('ArrowLeft', { altKey: true }), 4)).toEqual({ type: 'back' });
    expect(gridCommand(key('End'), 4)).toEqual(listCommand(key('End')));
    expect(gridCommand(key('F2'), 4)).toEqual(listCommand(key('F2')));
  });
});
