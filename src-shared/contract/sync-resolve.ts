/**
 * Operations that settle what a sync run left for the user: conflicts (keep
 * mine, keep theirs, keep both, open the folder) and a run the deletion guard
 * stopped (restore the deleted files instead of deleting). Spread into the
 * operation map (operations.ts).
 */
import { nothing, operation } from './define';
import { syncConflictFolderOutputSchema, syncResolveInputSchema, syncResolveOutputSchema, taskIdInput } from './sync';
import { z } from 'zod';

export const syncResolveOperations = {
  /** Settles conflicts as the user chose; each is re-checked first and refused (Conflict) if its files changed since they were listed. */
  'sync.resolveConflicts': operation(syncResolveInputSchema, syncResolveOutputSchema),
  /** The local folder of a conflict's file: shown in the file manager on the desktop, returned as a path everywhere. */
  'sync.conflictFolder': operation(z.object({ id: z.string().min(1).max(64), conflictId: z.number().int() }).strict(), syncConflictFolderOutputSchema),
  /** Runs once more, copying back the files whose deletion the guard stopped (download what was deleted here, upload what was deleted in the package). */
  'sync.restoreDeleted': operation(taskIdInput, nothing),
};
