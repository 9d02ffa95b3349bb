/**
 * The one error every publishing client (Kubo RPC, the pinning service, the
 * seed's gateway and registry) throws, so the publish job decides what to do
 * from `code` and `retryable` alone, and the user reads which endpoint failed
 * and what it said. `endpoint` never carries credentials: it is shown in the UI.
 */
export type PublishEndpointErrorCode = 'Unreachable' | 'TokenRefused' | 'BadResponse' | 'Refused' | 'NotFound';

export class PublishEndpointError extends Error {
  constructor(
    readonly code: PublishEndpointErrorCode,
    /** The endpoint's URL without user name, password, query or fragment. */
    readonly endpoint: string,
    message: string,
    /** Whether the same request may succeed later (service down, network away, overloaded). */
    readonly retryable: boolean,
    /** The HTTP status when there was an answer. */
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PublishEndpointError';
  }
}

/** The URL as it may be shown: no credentials, query or fragment (a token in a query string would leak into the UI and logs). */
export function endpointLabel(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.search = '';
  copy.hash = '';
  return copy.href.replace(/\/+$/, '');
}

/** A service base URL: http(s) only; credentials, query and fragment are refused so that nothing secret is kept where it would be shown. */
export function parseEndpointUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${what}: not a valid URL: '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${what}: the URL must be http or https: '${text}'`);
  if (url.username || url.password) throw new Error(`${what}: put credentials in the settings' token fields, not in the URL`);
  if (url.search || url.hash) throw new Error(`${what}: the URL must not have a query or fragment: '${text}'`);
  return url;
}
