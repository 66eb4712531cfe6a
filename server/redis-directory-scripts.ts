import { KEY_NAMES } from './redis-directory-keys.js';
import { RedisScript } from './redis-script.js';

/**
 * The Lua scripts of `RedisGameDirectory`: every step that reads before it
 * writes (a claim, a fenced save, an owner-only update) is one script, so
 * Redis runs it atomically and two lobbies racing for the same thing find
 * exactly one winner.
 *
 * Every script takes the key prefix as ARGV[1] and builds its key names from
 * it (see `redis-directory-keys.ts`). A single Redis server allows that;
 * Redis Cluster would not, since it wants every key a script touches passed
 * in KEYS, which these scripts cannot know before reading (a lease key named
 * after a game's owner, the tokens of a game). This directory targets one
 * Redis server.
 *
 * Lua sees hash fields and values as strings: a generation is compared as
 * the decimal string the lobby sends, and `handedOver` is '0' or '1'. Scripts
 * answer with integers or strings, never a Lua boolean, whose conversion
 * differs between RESP versions.
 */

const PREAMBLE = `
local prefix = ARGV[1]
local lobbiesKey = prefix .. '${KEY_NAMES.lobbies}'
local gamesKey = prefix .. '${KEY_NAMES.games}'
local function lobbyKey(id) return prefix .. '${KEY_NAMES.lobby}' .. id end
local function gameKey(name) return prefix .. '${KEY_NAMES.game}' .. name end
local function gameSeatsKey(name) return prefix .. '${KEY_NAMES.gameSeats}' .. name end
local function seatKey(token) return prefix .. '${KEY_NAMES.seat}' .. token end

-- A game, its place in the order, and every seat token of it.
local function forgetGame(name)
  local seats = gameSeatsKey(name)
  for _, token in ipairs(redis.call('SMEMBERS', seats)) do
    redis.call('DEL', seatKey(token))
  end
  redis.call('DEL', seats, gameKey(name))
  redis.call('ZREM', gamesKey, name)
end

-- Whether the game is held by this lobby under this generation.
local function holds(name, lobbyId, generation)
  local game = redis.call('HMGET', gameKey(name), 'lobbyId', 'generation')
  return game[1] == lobbyId and game[2] == generation
end
`;

const script = (body: string): RedisScript => new RedisScript(PREAMBLE + body);

/**
 * ARGV: prefix, lobbyId, lease JSON, lease TTL ms, 'NX' or 'renew'.
 * Sets the lease (only if absent, with 'NX': joining) and lists the lobby.
 * Returns 0 when 'NX' found a lease already there; otherwise 1 if the lease
 * was still there, 2 if it had run out (or Redis lost it) and was set anew.
 */
export const SET_LEASE = script(`
local lobbyId, lease, ttl, mode = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local answer
if mode == 'NX' then
  if not redis.call('SET', lobbyKey(lobbyId), lease, 'PX', ttl, 'NX') then return 0 end
  answer = 1
else
  answer = redis.call('SET', lobbyKey(lobbyId), lease, 'PX', ttl, 'GET') and 1 or 2
end
redis.call('SADD', lobbiesKey, lobbyId)
return answer
`);

/**
 * ARGV: prefix. Every live lobby as a flat list [id, lease JSON, ...]; ids
 * whose lease is gone are dropped from the set on the way.
 */
export const LIST_LOBBIES = script(`
local live = {}
for _, id in ipairs(redis.call('SMEMBERS', lobbiesKey)) do
  local lease = redis.call('GET', lobbyKey(id))
  if lease then
    table.insert(live, id)
    table.insert(live, lease)
  else
    redis.call('SREM', lobbiesKey, id)
  end
end
return live
`);

/** ARGV: prefix. Every game, oldest first, as a flat list [summary JSON, lobbyId, lobbyUrl, ...]. */
export const LIST_GAMES = script(`
local games = {}
for _, name in ipairs(redis.call('ZRANGE', gamesKey, 0, -1)) do
  local game = redis.call('HMGET', gameKey(name), 'summary', 'lobbyId', 'lobbyUrl')
  if game[1] then
    table.insert(games, game[1])
    table.insert(games, game[2])
    table.insert(games, game[3])
  end
end
return games
`);

/**
 * ARGV: prefix, name, summary JSON, lobbyId, lobbyUrl. Claims the name for
 * a new game under generation 1; 1 if reserved, 0 if the name is taken. The
 * game's score is one more than the newest game's, so `games` lists oldest
 * first without a counter key left behind.
 */
export const RESERVE = script(`
local name = ARGV[2]
if redis.call('EXISTS', gameKey(name)) == 1 then return 0 end
local newest = redis.call('ZRANGE', gamesKey, -1, -1, 'WITHSCORES')
local order = 1
if newest[2] then order = tonumber(newest[2]) + 1 end
redis.call('HSET', gameKey(name), 'summary', ARGV[3], 'lobbyId', ARGV[4], 'lobbyUrl', ARGV[5], 'generation', '1', 'handedOver', '0')
redis.call('ZADD', gamesKey, order, name)
return 1
`);

/** ARGV: prefix, name, lobbyId, summary JSON. Publishes the summary if this lobby holds the game; 1 if it did. */
export const UPDATE = script(`
local name, lobbyId = ARGV[2], ARGV[3]
if redis.call('HGET', gameKey(name), 'lobbyId') ~= lobbyId then return 0 end
redis.call('HSET', gameKey(name), 'summary', ARGV[4])
return 1
`);

/** ARGV: prefix, name, lobbyId. Forgets the game and its seats if this lobby holds it; 1 if it did. */
export const RELEASE = script(`
local name, lobbyId = ARGV[2], ARGV[3]
if redis.call('HGET', gameKey(name), 'lobbyId') ~= lobbyId then return 0 end
forgetGame(name)
return 1
`);

/**
 * ARGV: prefix, lobbyId, then for each game: name, generation, record JSON,
 * record's seats JSON. The fenced write, game by game: each record is saved
 * only if this lobby holds its game under that generation. Returns one
 * answer per game, in order: 1 saved, 0 fenced (claimed by another lobby,
 * or gone).
 */
export const SAVE_RECORDS = script(`
local lobbyId = ARGV[2]
local answers = {}
for index = 3, #ARGV, 4 do
  local name = ARGV[index]
  if holds(name, lobbyId, ARGV[index + 1]) then
    redis.call('HSET', gameKey(name), 'record', ARGV[index + 2], 'recordSeats', ARGV[index + 3])
    table.insert(answers, 1)
  else
    table.insert(answers, 0)
  end
end
return answers
`);

/**
 * ARGV: prefix, name, lobbyId, generation, heir. Marks the game free to
 * claim if this lobby holds it under that generation; 1 if it did. `heir`
 * (a lobby id, or empty) is the lobby its players are sent to: while that
 * lobby is alive, the others leave the game to it unless a player asks them;
 * it is told on the `handovers` channel, so it can claim the game at once.
 */
export const HAND_OVER = script(`
local name, lobbyId, generation, heir = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if not holds(name, lobbyId, generation) then return 0 end
redis.call('HSET', gameKey(name), 'handedOver', '1', 'heir', heir)
if heir ~= '' then
  redis.call('PUBLISH', prefix .. '${KEY_NAMES.handovers}', cjson.encode({ heir = heir, game = name }))
end
return 1
`);

/**
 * ARGV: prefix, token, game name, seat JSON. Holds the seat only while its
 * game is in the directory, so a seat reported after its game was released
 * leaves no key behind; 1 if held.
 */
export const HOLD_SEAT = script(`
local token, name = ARGV[2], ARGV[3]
if redis.call('EXISTS', gameKey(name)) == 0 then return 0 end
redis.call('SET', seatKey(token), ARGV[4])
redis.call('SADD', gameSeatsKey(name), token)
return 1
`);

/** ARGV: prefix, token, lobbyId. Frees the seat if it leads to this lobby; 1 if it did. */
export const RELEASE_SEAT = script(`
local token, lobbyId = ARGV[2], ARGV[3]
local stored = redis.call('GET', seatKey(token))
if not stored then return 0 end
local seat = cjson.decode(stored)
if seat.lobbyId ~= lobbyId then return 0 end
redis.call('DEL', seatKey(token))
redis.call('SREM', gameSeatsKey(seat.game), token)
return 1
`);

/**
 * ARGV: prefix, lobbyId, lobbyUrl, limit, this lobby's games now, then the
 * names of games players asked this lobby for. Finds every game of another
 * lobby whose lease is gone or that was handed over; one without a record is
 * forgotten, name and seats. Of those with a record it takes its fair share,
 * at most `limit`: the games asked for first, then the oldest, until it runs
 * as many as the lobbies alive would each run once every orphan is taken
 * (by their leases' counts; a lobby handing games over is stopping and not
 * counted), or more if the others have no room for the rest. A game taken is held here under the next generation, not handed
 * over, and its seats are exactly the record's, each leading here; this
 * lobby's lease counts them at once, so the next lobby to look shares out
 * only what is left. Returns a flat list [record JSON, generation, summary
 * JSON, ...] of the games taken.
 */
export const CLAIM_ORPHANS = script(`
local lobbyId, lobbyUrl, limit, ownGames = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local asked = {}
for index = 6, #ARGV do asked[ARGV[index]] = true end
local leaseAlive = {}
-- A lobby that hands games over is stopping: it is not counted among those that share the orphans out.
local leaving = {}
local wanted, others = {}, {}
for _, name in ipairs(redis.call('ZRANGE', gamesKey, 0, -1)) do
  local game = redis.call('HMGET', gameKey(name), 'lobbyId', 'handedOver', 'heir')
  local owner, heir = game[1], game[3]
  if owner and owner ~= lobbyId then
    for _, id in ipairs({ owner, heir }) do
      if id and id ~= '' and leaseAlive[id] == nil then leaseAlive[id] = redis.call('EXISTS', lobbyKey(id)) == 1 end
    end
    if game[2] == '1' then leaving[owner] = true end
    if game[2] == '1' or not leaseAlive[owner] then
      local handedHere = game[2] == '1' and heir == lobbyId
      -- A game handed over to another lobby alive is that lobby's to take, unless a player asks this one for it.
      local heirs = game[2] == '1' and heir and heir ~= '' and not handedHere and leaseAlive[heir]
      if heirs and not asked[name] then
        -- left to its heir
      elseif redis.call('HEXISTS', gameKey(name), 'record') == 0 then
        forgetGame(name)
      elseif asked[name] or handedHere then
        table.insert(wanted, name)
      else
        table.insert(others, name)
      end
    end
  end
end
local orphans = #wanted + #others
if orphans == 0 then return {} end

local alive, games, othersFree = 1, ownGames, 0
for _, id in ipairs(redis.call('SMEMBERS', lobbiesKey)) do
  if id ~= lobbyId and not leaving[id] then
    local lease = redis.call('GET', lobbyKey(id))
    if lease then
      local load = cjson.decode(lease)
      alive = alive + 1
      games = games + load.games
      othersFree = othersFree + math.max(0, load.maxGames - load.games)
    end
  end
end
local share = math.max(math.ceil((games + orphans) / alive) - ownGames, orphans - othersFree)
local take = math.min(limit, math.max(share, #wanted))
for _, name in ipairs(others) do table.insert(wanted, name) end

local claimed = {}
local count = 0
for _, name in ipairs(wanted) do
  if count >= take then break end
  local stored = redis.call('HMGET', gameKey(name), 'record', 'recordSeats', 'summary')
  local generation = redis.call('HINCRBY', gameKey(name), 'generation', 1)
  redis.call('HSET', gameKey(name), 'lobbyId', lobbyId, 'lobbyUrl', lobbyUrl, 'handedOver', '0', 'heir', '')
  local seats = gameSeatsKey(name)
  for _, token in ipairs(redis.call('SMEMBERS', seats)) do
    redis.call('DEL', seatKey(token))
  end
  redis.call('DEL', seats)
  for _, seat in ipairs(cjson.decode(stored[2])) do
    redis.call('SET', seatKey(seat.token), cjson.encode({ game = name, player = seat.player, lobbyId = lobbyId, lobbyUrl = lobbyUrl }))
    redis.call('SADD', seats, seat.token)
  end
  table.insert(claimed, stored[1])
  table.insert(claimed, generation)
  table.insert(claimed, stored[3])
  count = count + 1
end
if count > 0 then
  local own = redis.call('GET', lobbyKey(lobbyId))
  if own then
    local load = cjson.decode(own)
    load.games = load.games + count
    redis.call('SET', lobbyKey(lobbyId), cjson.encode(load), 'KEEPTTL')
  end
end
return claimed
`);

/**
 * ARGV: prefix, lobbyId. A lobby leaving: its lease and its place in the
 * set go, and so does every game it holds that it did not hand over, with
 * their seats. Returns how many games went.
 */
export const LEAVE = script(`
local lobbyId = ARGV[2]
redis.call('DEL', lobbyKey(lobbyId))
redis.call('SREM', lobbiesKey, lobbyId)
local forgotten = 0
for _, name in ipairs(redis.call('ZRANGE', gamesKey, 0, -1)) do
  local game = redis.call('HMGET', gameKey(name), 'lobbyId', 'handedOver')
  if game[1] == lobbyId and game[2] ~= '1' then
    forgetGame(name)
    forgotten = forgotten + 1
  end
end
return forgotten
`);

/**
 * ARGV: prefix, name, lobbyId, lobbyUrl, summary JSON, generation, record
 * JSON or '', record's seats JSON or '', then token and seat JSON pairs.
 * Puts back a game this lobby holds that Redis no longer has (it restarted
 * without persistence): only if no game of that name exists, which another
 * lobby's claim would have left, and only seats no one holds. The game goes
 * last in the order. 1 if put back.
 */
export const RESTORE_GAME = script(`
local name, lobbyId, lobbyUrl = ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', gameKey(name)) == 1 then return 0 end
local newest = redis.call('ZRANGE', gamesKey, -1, -1, 'WITHSCORES')
local order = 1
if newest[2] then order = tonumber(newest[2]) + 1 end
redis.call('HSET', gameKey(name), 'summary', ARGV[5], 'lobbyId', lobbyId, 'lobbyUrl', lobbyUrl, 'generation', ARGV[6], 'handedOver', '0')
if ARGV[7] ~= '' then
  redis.call('HSET', gameKey(name), 'record', ARGV[7], 'recordSeats', ARGV[8])
end
redis.call('ZADD', gamesKey, order, name)
for index = 9, #ARGV, 2 do
  local token = ARGV[index]
  if redis.call('SET', seatKey(token), ARGV[index + 1], 'NX') then
    redis.call('SADD', gameSeatsKey(name), token)
  end
end
return 1
`);
