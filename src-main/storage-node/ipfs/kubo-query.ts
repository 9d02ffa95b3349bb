/**
 * Kubo-RPC query strings: positional arguments as repeated `arg`, flags as
 * named values. Booleans are read as Go's strconv.ParseBool reads them (Kubo
 * is written in Go); unknown flags are ignored, as clients send extras
 * (`stream-channels`, `quiet`).
 */
import { kuboBadRequest } from './kubo-error';

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

export class KuboQuery {
  constructor(private readonly params: URLSearchParams) {}

  args(): string[] {
    return this.params.getAll('arg');
  }

  /** Exactly one positional argument, named `what` in the error. */
  oneArg(what: string): string {
    const args = this.args();
    if (args.length === 0) throw kuboBadRequest(`argument "${what}" is required`);
    if (args.length > 1) throw kuboBadRequest(`expected one argument "${what}", got ${args.length}`);
    return args[0]!;
  }

  string(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.params.get(name);
    if (raw === null) return fallback;
    if (TRUE.has(raw)) return true;
    if (FALSE.has(raw)) return false;
    throw kuboBadRequest(`${name}: expected true or false, got '${shorten(raw)}'`);
  }

  /** A non-negative integer, or undefined when absent. */
  count(name: string): number | undefined {
    const raw = this.params.get(name);
    if (raw === null || raw === '') return undefined;
    if (!/^\d{1,16}$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw kuboBadRequest(`${name}: expected a non-negative integer, got '${shorten(raw)}'`);
    return Number(raw);
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
