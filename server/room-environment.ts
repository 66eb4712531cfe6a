/**
 * Variables a room process is started without, though the lobby has them.
 * Node reads each at every start, for things a room never does:
 * - NODE_EXTRA_CA_CERTS: parses a whole certificate bundle (about 80 ms of
 *   CPU per start on this project's 2-core test machine, more than the rest
 *   of a room's start); a room makes no TLS connection.
 * - NODE_OPTIONS: flags meant for the lobby (a loader, a debugger, a heap
 *   size); rooms get theirs from the lobby's command line alone (execArgv).
 */
export const LOBBY_ONLY_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'] as const;

/** The environment of a room process: the lobby's, without what only the lobby needs, with fault injection on or off. */
export function roomEnvironment(lobby: NodeJS.ProcessEnv, faultInjection: boolean): NodeJS.ProcessEnv {
  const env = { ...lobby };
  for (const name of LOBBY_ONLY_VARIABLES) delete env[name];
  if (faultInjection) env.VIMTRON_FAULT_INJECTION = '1';
  else delete env.VIMTRON_FAULT_INJECTION;
  return env;
}
