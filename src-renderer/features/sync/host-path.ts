/**
 * Paths on the machine that runs the core, as the headless folder picker
 * shows them. The renderer may run in a browser on another OS, so the path's
 * own style decides: a drive letter or backslashes mean Windows, else POSIX.
 */

export interface HostCrumb {
  label: string;
  path: string;
}

function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:/.test(path) || path.startsWith('\\\\') || (path.includes('\\') && !path.includes('/'));
}

export function hostSeparator(path: string): '/' | '\\' {
  return isWindowsPath(path) ? '\\' : '/';
}

/** A folder's child path: "/home" + "me" → "/home/me"; "C:\\" + "Users" → "C:\\Users". */
export function joinHostPath(folder: string, name: string): string {
  const sep = hostSeparator(folder);
  return folder.endsWith('/') || folder.endsWith('\\') ? folder + name : folder + sep + name;
}

/** Breadcrumbs from the root: "/home/me" → "/", "home", "me"; "C:\\Users\\me" → "C:\\", "Users", "me". */
export function hostCrumbs(path: string): HostCrumb[] {
  const sep = hostSeparator(path);
  if (sep === '/') {
    const parts = path.split('/').filter(Boolean);
    const crumbs: HostCrumb[] = [{ label: '/', path: '/' }];
    let current = '';
    for (const part of parts) {
      current += `/${part}`;
      crumbs.push({ label: part, path: current });
    }
    return crumbs;
  }
  const unc = path.startsWith('\\\\');
  const parts = path.split(/[\\/]/).filter(Boolean);
  if (parts.length === 0) return [{ label: path, path }];
  // The root: "C:\" or "\\server\share\".
  const rootParts = unc ? parts.slice(0, 2) : parts.slice(0, 1);
  const root = unc ? `\\\\${rootParts.join('\\')}\\` : `${rootParts[0]}\\`;
  const crumbs: HostCrumb[] = [{ label: root, path: root }];
  let current = root;
  for (const part of parts.slice(rootParts.length)) {
    current = current.endsWith('\\') ? current + part : `${current}\\${part}`;
    crumbs.push({ label: part, path: current });
  }
  return crumbs;
}
