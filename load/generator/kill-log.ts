import type { LobbyStats } from '../../shared/protocol/admin-documents.js';
import type { KillFigures } from './load-report.js';

interface Kill {
  readonly atSeconds: number;
  readonly victimUrl: string;
  readonly victimPid: number;
  readonly replacementUrl: string | null;
  /** The games the victim ran at its last look before the kill. */
  readonly games: readonly string[];
  readonly resumed: Set<string>;
}

/**
 * The lobbies a run killed, and which of their games came back: a game
 * counts as resumed once another lobby's stats list it after the kill.
 */
export class KillLog {
  private readonly kills: Kill[] = [];

  get count(): number {
    return this.kills.length;
  }

  record(kill: Omit<Kill, 'resumed'>): void {
    this.kills.push({ ...kill, resumed: new Set() });
  }

  /** The stats of the lobby at `url`, looked at after the kills recorded so far. */
  observe(url: string, stats: LobbyStats): void {
    for (const kill of this.kills) {
      if (url === kill.victimUrl) continue;
      for (const room of stats.roomStats) if (kill.games.includes(room.name)) kill.resumed.add(room.name);
    }
  }

  get allResumed(): boolean {
    return this.kills.every((kill) => kill.resumed.size === kill.games.length);
  }

  figures(): KillFigures[] {
    return this.kills.map((kill) => ({
      atSeconds: Math.round(kill.atSeconds * 10) / 10,
      victimUrl: kill.victimUrl,
      victimPid: kill.victimPid,
      replacementUrl: kill.replacementUrl,
      games: kill.games.length,
      resumed: kill.resumed.size,
      notResumed: kill.games.filter((game) => !kill.resumed.has(game)),
    }));
  }
}
