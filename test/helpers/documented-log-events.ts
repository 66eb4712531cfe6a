import { readFileSync } from 'node:fs';

/** An event as docs/operations.md#logs lists it. */
export interface DocumentedEvent {
  /** The level column as written: its first word is the level (`info; error when ...`). */
  readonly level: string;
  /** Fields every line of the event has. */
  readonly fields: readonly string[];
  /** Fields marked `?`: there only sometimes. */
  readonly optional: readonly string[];
}

/** Fields of every line, besides the event's own (`lobby` in a cluster only). */
export const COMMON_FIELDS = ['level', 'time', 'event', 'msg'] as const;

const OPERATIONS = new URL('../../docs/operations.md', import.meta.url);

/** The table of events in docs/operations.md, by event name. */
export function documentedEvents(): Map<string, DocumentedEvent> {
  const text = readFileSync(OPERATIONS, 'utf8');
  const section = text.slice(text.indexOf('\n### Events\n'), text.indexOf('\n## ', text.indexOf('\n### Events\n')));
  const events = new Map<string, DocumentedEvent>();
  for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
    const [, name, level, fields] = row.split('|').map((cell) => cell.trim());
    const fieldNames = [...fields!.matchAll(/`(\w+)`(\?)?/g)];
    events.set(name!.replaceAll('`', ''), {
      level: level!,
      fields: fieldNames.filter((match) => !match[2]).map((match) => match[1]!),
      optional: fieldNames.filter((match) => match[2]).map((match) => match[1]!),
    });
  }
  return events;
}
