import { InMemoryGameDirectory, MemoryDirectoryStore } from '../server/in-memory-game-directory.js';
import { describeGameDirectory } from './helpers/game-directory-contract.js';

describeGameDirectory('in-memory', () => {
  const store = new MemoryDirectoryStore();
  return {
    directory: async (lobbyId) => new InMemoryGameDirectory(lobbyId, store),
    expire: async (lobbyId) => store.expire(lobbyId),
  };
});
