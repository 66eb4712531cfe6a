/**
 * Entry point of a bot shard process, forked by the load generator's
 * coordinator. Like a room process, it exits as soon as its IPC channel
 * closes, so a coordinator that dies leaves no bots behind.
 */
import { BotShard } from './bot-shard.js';
import type { CoordinatorToShard, ShardToCoordinator } from './shard-messages.js';

if (typeof process.send !== 'function') {
  console.error('vimtron bot shard: start me with child_process.fork from the load generator');
  process.exit(2);
}

const shard = new BotShard((message: ShardToCoordinator) => {
  if (process.connected) process.send!(message);
});

function processOnMessage(message: CoordinatorToShard): void {
  shard.handle(message);
}

function processOnDisconnect(): void {
  void shard.close().finally(() => process.exit(0));
}

process.on('message', processOnMessage);
process.on('disconnect', processOnDisconnect);
