/**
 * The admin port's status page, in the browser: reads `/status.json` every
 * second and redraws the lobby, its rooms, recent events and the cluster.
 * Every value goes into the page as text, never as HTML.
 */
import type { ClusterLobbyEntry, LobbyStatus, RoomEventEntry, RoomStats } from '../../shared/protocol/admin-documents.js';

const REFRESH_MS = 1000;
/** A room ticking this much below its nominal rate is shown as slow. */
const SLOW_TICK_SHARE = 0.9;
const NOMINAL_TICKS_PER_SECOND = 10;

/** The previous document, to turn the lobby's CPU time into a share of one core. */
let previous: { readonly uptimeMs: number; readonly cpuUs: number } | null = null;
let lastSuccess: number | null = null;

type Child = Node | string;

function element(tag: string, attributes: Readonly<Record<string, string>> = {}, children: readonly Child[] = []): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the status page has no #${id}`);
  return node;
}

function bytes(value: number | null): string {
  if (value === null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${scaled.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function duration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds % 60}s`;
  return `${seconds}s`;
}

function milliseconds(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

function card(label: string, value: string, sub = ''): HTMLElement {
  return element('div', { class: 'card' }, [
    element('div', { class: 'label' }, [label]),
    element('div', { class: 'value' }, [value]),
    element('div', { class: 'sub' }, [sub]),
  ]);
}

/** A table whose cells carry their column's name, which the phone layout shows beside each value. */
function table(headings: readonly string[], numeric: ReadonlySet<string>, rows: readonly (readonly Child[])[], empty: string): HTMLElement {
  if (rows.length === 0) return element('div', { class: 'empty' }, [empty]);
  const head = element('thead', {}, [element('tr', {}, headings.map((name) => element('th', numeric.has(name) ? { class: 'num' } : {}, [name])))]);
  const body = element(
    'tbody',
    {},
    rows.map((cells) =>
      element(
        'tr',
        {},
        cells.map((cell, index) => {
          const name = headings[index] ?? '';
          const attributes: Record<string, string> = { 'data-label': name };
          if (numeric.has(name)) attributes.class = 'num';
          return element('td', attributes, [cell]);
        }),
      ),
    ),
  );
  return element('table', {}, [head, body]);
}

/** CPU as a share of one core: since the previous document, or since the start for the first. */
function cpuShare(uptimeMs: number, cpuUs: number): number {
  const base = previous !== null && uptimeMs > previous.uptimeMs ? previous : { uptimeMs: 0, cpuUs: 0 };
  previous = { uptimeMs, cpuUs };
  const elapsedMs = uptimeMs - base.uptimeMs;
  return elapsedMs > 0 ? ((cpuUs - base.cpuUs) / 1000 / elapsedMs) * 100 : 0;
}

function drawLobby(status: LobbyStatus): void {
  const { stats } = status;
  byId('lobby-id').textContent = status.lobbyId;
  document.title = `vimtron lobby ${status.lobbyId}`;
  const readiness = byId('readiness');
  readiness.textContent = status.readiness.ready ? 'ready' : `not ready: ${status.readiness.reason ?? ''}`;
  readiness.className = `badge ${status.readiness.ready ? 'good' : 'bad'}`;
  const pool = status.pool;
  byId('cards').replaceChildren(
    card('Uptime', duration(stats.uptimeMs), `since ${new Date(status.startedAt).toLocaleString()}`),
    card('CPU', `${cpuShare(stats.uptimeMs, stats.lobby.cpuUs).toFixed(1)} %`, `of one core, pid ${stats.lobby.pid}`),
    card('Memory', bytes(stats.lobby.rssBytes), 'lobby resident set'),
    card('Connections', String(stats.connections), 'open WebSockets'),
    card('Players', String(status.seats.connected), `${status.seats.away} away, seats held`),
    card('Games', String(stats.games), `rooms: ${stats.rooms}`),
    card('Spectators', String(stats.watchers), `${stats.slowConnections} slow connection${stats.slowConnections === 1 ? '' : 's'}`),
    card('Warm pool', pool === null ? 'off' : `${pool.ready} / ${pool.target}`, pool === null ? 'no spare rooms' : `${pool.starting} starting`),
    startsCard(status.starts),
  );
}

/** Rooms starting against the limit, and how many wait for their turn. */
function startsCard(starts: LobbyStatus['starts']): HTMLElement {
  if (starts === null) return card('Room starts', 'unbounded', 'every room starts at once');
  const queued = starts.queued.restart + starts.queued.new + starts.queued.spare;
  return card('Room starts', `${starts.starting} / ${starts.concurrency}`, queued === 0 ? 'none waiting' : `${queued} waiting (${starts.queued.spare} spare${starts.queued.spare === 1 ? '' : 's'})`);
}

function drawRooms(rooms: readonly RoomStats[]): void {
  byId('rooms-count').textContent = `${rooms.length} open`;
  const numeric = new Set(['Players', 'Watching', 'PID', 'Ticks/s', 'Lateness p50', 'Lateness p99', 'Memory']);
  const rows = [...rooms]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((room) => {
      // A room that has not reported yet (just created or resumed) has no timing to show.
      const reported = room.ticks > 0;
      const slow = reported && room.ticksPerSecond < NOMINAL_TICKS_PER_SECOND * SLOW_TICK_SHARE;
      return [
        room.name,
        // Until its runtime is ready a room's game has not begun: say where its start is instead.
        room.runtime === 'queued' || room.runtime === 'starting'
          ? element('span', { class: 'phase starting' }, [room.runtime === 'queued' ? 'queued to start' : 'starting'])
          : element('span', { class: `phase ${room.phase}` }, [room.phase]),
        `${room.players} / ${room.maxPlayers}`,
        String(room.watchers),
        room.pid === null ? '–' : String(room.pid),
        element('span', slow ? { class: 'slow' } : {}, [reported ? room.ticksPerSecond.toFixed(1) : '–']),
        reported ? `${milliseconds(room.latenessMs.p50)} ms` : '–',
        reported ? `${milliseconds(room.latenessMs.p99)} ms` : '–',
        bytes(room.memory.rssBytes ?? room.memory.heapUsedBytes),
      ];
    });
  byId('rooms').replaceChildren(
    table(['Game', 'Phase', 'Players', 'Watching', 'PID', 'Ticks/s', 'Lateness p50', 'Lateness p99', 'Memory'], numeric, rows, 'No game is open.'),
  );
}

function drawEvents(events: readonly RoomEventEntry[]): void {
  const rows = events.map((event) => [
    new Date(event.at).toLocaleTimeString(),
    element('span', { class: `kind ${event.kind}` }, [event.kind]),
    event.game,
    event.pid === null ? '–' : String(event.pid),
    element('span', { class: 'detail' }, [event.detail]),
  ]);
  byId('events').replaceChildren(table(['Time', 'Event', 'Game', 'PID', 'Detail'], new Set(['PID']), rows, 'Nothing has happened yet.'));
}

function drawCluster(status: LobbyStatus): void {
  const section = byId('cluster-section');
  const cluster = status.cluster;
  section.hidden = cluster === null;
  if (cluster === null) return;
  byId('cluster-count').textContent = cluster.error ?? `${cluster.lobbies.length} lobbies`;
  const rows = cluster.lobbies.map((lobby: ClusterLobbyEntry) => [
    element('span', lobby.lobbyId === status.lobbyId ? { class: 'here' } : {}, [lobby.lobbyId === status.lobbyId ? `${lobby.lobbyId} (this one)` : lobby.lobbyId]),
    lobby.url,
    `${lobby.games} / ${lobby.maxGames}`,
  ]);
  byId('cluster').replaceChildren(table(['Lobby', 'Players connect to', 'Games'], new Set(['Games']), rows, cluster.error ?? 'No lobby is in the directory.'));
}

function showProblem(problem: string | null): void {
  const banner = byId('banner');
  banner.textContent = problem ?? '';
  banner.classList.toggle('shown', problem !== null);
}

async function refresh(): Promise<void> {
  try {
    const response = await fetch('/status.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`the lobby answered ${response.status}`);
    const status = (await response.json()) as LobbyStatus;
    drawLobby(status);
    drawRooms(status.stats.roomStats);
    drawEvents(status.events);
    drawCluster(status);
    lastSuccess = Date.now();
    showProblem(null);
    byId('updated').textContent = `updated ${new Date(lastSuccess).toLocaleTimeString()}`;
  } catch (error) {
    const since = lastSuccess === null ? '' : ` since ${new Date(lastSuccess).toLocaleTimeString()}`;
    showProblem(`Cannot reach the lobby${since}: ${error instanceof Error ? error.message : String(error)}. Retrying every second.`);
  } finally {
    setTimeout(() => void refresh(), REFRESH_MS);
  }
}

void refresh();
