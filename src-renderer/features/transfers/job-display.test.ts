import { describe, expect, it } from 'vitest';
import { displayState, jobActions, parentFolder, parseNote, percentDone, splitEta, unfinishedCount } from './job-display';

describe('how a job reads', () => {
  it('tells waiting for a decision and skipped apart from the plain states', () => {
    expect(displayState({ state: 'queued', waiting: 'conflict', errorCode: null })).toBe('waiting');
    expect(displayState({ state: 'queued', waiting: null, errorCode: null })).toBe('queued');
    expect(displayState({ state: 'completed', waiting: null, errorCode: 'Skipped' })).toBe('skipped');
    expect(displayState({ state: 'completed', waiting: null, errorCode: null })).toBe('completed');
    expect(displayState({ state: 'paused', waiting: 'conflict', errorCode: null })).toBe('paused');
  });

  it('offers the buttons that make sense in each state', () => {
    expect(jobActions('running')).toEqual(['pause', 'cancel']);
    expect(jobActions('queued')).toEqual(['pause', 'cancel']);
    expect(jobActions('paused')).toEqual(['resume', 'cancel']);
    expect(jobActions('waiting')).toEqual(['decide', 'cancel']);
    expect(jobActions('failed')).toEqual(['retry']);
    expect(jobActions('failed', 'HashMismatch')).toEqual(['retry']);
    expect(jobActions('failed', 'UnsafeRemotePath')).toEqual([]); // the listing itself named a place outside the folder
    expect(jobActions('cancelled')).toEqual(['retry']);
    expect(jobActions('completed')).toEqual([]);
    expect(jobActions('skipped')).toEqual([]);
  });

  it("parses main's notes so the UI can say them in its language", () => {
    expect(parseNote(null)).toBeNull();
    expect(parseNote('skipped')).toEqual({ kind: 'skipped' });
    expect(parseNote('saved as report (1).pdf')).toEqual({ kind: 'savedAs', name: 'report (1).pdf' });
    expect(parseNote('something else')).toEqual({ kind: 'text', text: 'something else' });
  });

  it('splits the ETA into units', () => {
    expect(splitEta(null)).toBeNull();
    expect(splitEta(Number.POSITIVE_INFINITY)).toBeNull();
    expect(splitEta(0.2)).toEqual({ unit: 'seconds', s: 1 });
    expect(splitEta(59)).toEqual({ unit: 'seconds', s: 59 });
    expect(splitEta(61)).toEqual({ unit: 'minutes', m: 1, s: 1 });
    expect(splitEta(3 * 3600 + 125)).toEqual({ unit: 'hours', h: 3, m: 2 });
  });

  it('computes the bar and the badge', () => {
    expect(percentDone({ state: 'running', bytesDone: 25, size: 100 })).toBe(25);
    expect(percentDone({ state: 'completed', bytesDone: 0, size: 0 })).toBe(100);
    expect(percentDone({ state: 'queued', bytesDone: 0, size: 0 })).toBe(0);
    expect(percentDone({ state: 'running', bytesDone: 150, size: 100 })).toBe(100);
    expect(unfinishedCount({ queued: 3, running: 2, paused: 1, waiting: 4 })).toBe(10);
    expect(parentFolder('a/b/c.txt')).toBe('a/b');
    expect(parentFolder('c.txt')).toBe('');
  });
});
