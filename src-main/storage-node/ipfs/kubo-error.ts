/**
 * Failures of the Kubo-RPC subset, answered as Kubo does:
 * `{"Message": "...", "Code": 0, "Type": "error"}` with 400 for a request that
 * cannot be run as given and 500 for a command that ran and failed.
 */
export class KuboError extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'KuboError';
  }
}

/** The request is malformed or asks for something this node does not do (400). */
export const kuboBadRequest = (message: string) => new KuboError(400, message);

/** The command ran and failed, e.g. the content is not on this node (500). */
export const kuboCommandError = (message: string) => new KuboError(500, message);
