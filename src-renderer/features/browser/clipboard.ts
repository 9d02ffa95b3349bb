/**
 * Puts text on the clipboard. navigator.clipboard needs a secure context
 * (file:// in the desktop app and http://127.0.0.1 in headless mode are);
 * elsewhere the old copy command still works from a click.
 */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Denied (no focus, no permission): fall through to the copy command.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'browser-offscreen';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the clipboard is not available');
}
