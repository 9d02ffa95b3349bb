import { objectPathProblem, pathPrefixProblem } from '@shared/jcs/object-path';
import { badArgument } from '../node-error';

export function requireObjectPath(field: string, path: string): string {
  const problem = objectPathProblem(path);
  if (problem) throw badArgument(`${field}: path '${shorten(path)}' ${problem}`);
  return path;
}

export function requirePathPrefix(field: string, prefix: string): string {
  const problem = pathPrefixProblem(prefix);
  if (problem) throw badArgument(`${field}: prefix '${shorten(prefix)}' ${problem}`);
  return prefix;
}

/** Upload filenames carry the object path URL-encoded (`a%2Fb%2Fc.txt`); decode, then validate. */
export function decodeUploadPath(field: string, filename: string): string {
  let path: string;
  try {
    path = decodeURIComponent(filename);
  } catch {
    throw badArgument(`${field}: filename '${shorten(filename)}' is not valid URL encoding`);
  }
  return requireObjectPath(field, path);
}

function shorten(text: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 120 ? printable.slice(0, 120) + '…' : printable;
}
