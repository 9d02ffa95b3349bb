/** A fresh id for a long operation, so its progress events can be matched to it. */
export function newOperationId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}
