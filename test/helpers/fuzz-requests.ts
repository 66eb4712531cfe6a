import type { Chaos } from './chaos.js';
import type { Outcome } from './raw-http.js';

/**
 * Random and mutated raw HTTP requests for the lobby's port, each with the
 * outcomes a correct lobby may give it. A structured request is built from
 * parts (method, target, version, headers, body) whose effect is known:
 * what Node's HTTP parser refuses by itself, what `ws` decides for an
 * upgrade, and what the lobby must decide (200 only for GET or HEAD of a
 * known path, 404 for an unknown path, 405 for another method, 400 or 413
 * for a request with a body, and never a crash or a silent connection).
 * Where a stricter server may reasonably refuse what Node lets through
 * (a duplicate Host, `HTTP/2.0`, raw high bytes in a header), a 400 is
 * accepted as well. A mutated request is a structured one with random byte
 * damage; it may get almost any answer, but never a 200 to a method other
 * than GET or HEAD, never a malformed response, and never a 101 followed by
 * silence.
 */

export interface Surface {
  /** Paths answered over plain HTTP, without their query. */
  readonly knownPaths: readonly string[];
  /** The path a WebSocket connects to. */
  readonly websocketPath: string;
}

export interface FuzzRequest {
  readonly bytes: Buffer;
  readonly allowed: ReadonlySet<Outcome>;
  /** What was generated, for a failure report. */
  readonly description: string;
  /** A coarse class ("GET/HEAD of an unknown path", "valid upgrade at an odd target"), to group failures by. */
  readonly category: string;
  readonly mutated: boolean;
  /** Where the bytes are split into separate writes. */
  readonly cuts: readonly number[];
}

/** Every answer the lobby may give to anything: a response outside these is always wrong. */
export const EVERY_OUTCOME: readonly Outcome[] = [
  '200', '400', '404', '405', '408', '413', '414', '417', '426', '429', '431', '501', '503', '505',
  '101 served', '101 closed', '101 dropped', '101 silent', 'dropped', 'silent',
];

/** Node refuses a request whose head is larger than this (its default --max-http-header-size). */
const NODE_HEAD_LIMIT = 16 * 1024;
/** Above this a stricter lobby may refuse the head as too large. */
const MODEST_HEAD = 4096;

type Validity = 'valid' | 'lenient' | 'invalid';

/**
 * How the lobby should treat a target:
 * - known: origin-form, path served (query and fragment ignored);
 * - unknown: origin-form, a path not served;
 * - odd: a target a URL parser may reject, or read as a path not served;
 * - ambiguous: absolute-form or otherwise readable as a known path by one parser and not by another;
 * - invalid: Node's parser refuses it;
 * - huge: larger than Node accepts.
 */
type TargetKind = 'known' | 'unknown' | 'odd' | 'ambiguous' | 'invalid' | 'huge';

interface Target {
  readonly text: string;
  readonly kind: TargetKind;
  /** The path part of a known target, to tell the WebSocket path from the others. */
  readonly path?: string;
}

const QUERIES = ['', '?frames=compact', '?frames=', '?%', '?frames=compact&frames=compact', '?frames=full&frames=compact', '?frames=%zz', '?=&&=', '#frag'];
const UNKNOWN_PATHS = ['/nope', '/index.html', '/%zz', '/%', '/%00', '/%C3%A9', '/stats/', '/STATS', '/../etc/passwd', '/a/b/c', '/favicon.ico', '/ws', '/.env'];
const ODD_TARGETS = ['//', '///', '//a:b@', '//a:b@/', '//x@', '//[', '//x:99999', '//x:1:2', '//%zz', '//999.999.999.999', '//xn--a', '*', 'http://[::1', 'http://x:99999', 'http://', 'ws://'];
const AMBIGUOUS_TARGETS = ['/..', '/a/../', 'http://x', 'http://x/', 'http://127.0.0.1/stats', 'ws://x/?frames=compact', '/\\x', 'http://[::1]/', '//0x7f.1'];
const INVALID_TARGETS = ['', '%', '%zz', 'a', '?', '#', 'file:', '\\\\', '/\xe9', '/\xff', '/\x80\x81', '/a\x01b', '/a\x7f', '/a\x00', '/a\tb', '/a b', 'http:'];
const PATH_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/";

function target(chaos: Chaos, surface: Surface, forUpgrade: boolean): Target {
  if (forUpgrade && chaos.chance(0.4)) {
    const query = chaos.pick(QUERIES.filter((query) => !query.startsWith('#')));
    return chaos.chance(0.6)
      ? { text: surface.websocketPath + query, kind: 'known', path: surface.websocketPath }
      : { text: chaos.pick(ODD_TARGETS), kind: 'odd' };
  }
  const draw = chaos.next();
  if (draw < 0.45) {
    const path = chaos.pick(surface.knownPaths);
    const query = chaos.chance(0.1) ? `?${'q'.repeat(1 + chaos.int(3000))}` : chaos.pick(QUERIES);
    // A fragment has no place in a request target (RFC 9112 section 3.2): a lobby may ignore it or refuse it.
    return { text: path + query, kind: query.startsWith('#') ? 'ambiguous' : 'known', path };
  }
  if (draw < 0.6) {
    const text = chaos.chance(0.5) ? chaos.pick(UNKNOWN_PATHS) : randomPath(chaos);
    if (surface.knownPaths.includes(text)) return { text, kind: 'known', path: text };
    // A URL parser removes dot segments, so "/a/.." may be read as "/".
    return { text, kind: /\/\.\.?(\/|$)/.test(text) ? 'ambiguous' : 'unknown' };
  }
  if (draw < 0.72) return { text: chaos.pick(ODD_TARGETS), kind: 'odd' };
  if (draw < 0.8) return { text: chaos.pick(AMBIGUOUS_TARGETS), kind: 'ambiguous' };
  if (draw < 0.96) return { text: chaos.pick(INVALID_TARGETS), kind: 'invalid' };
  return { text: `/${'a'.repeat(NODE_HEAD_LIMIT + 2000 + chaos.int(20_000))}`, kind: 'huge' };
}

function randomPath(chaos: Chaos): string {
  const length = chaos.chance(0.1) ? 1000 + chaos.int(3000) : 1 + chaos.int(30);
  let path = `/${'abcdefghijklmnopqrstuvwxyz0123456789'[chaos.int(36)]}`;
  for (let index = 1; index < length; index++) path += PATH_CHARACTERS[chaos.int(PATH_CHARACTERS.length)];
  return path;
}

type MethodKind = 'get' | 'other' | 'connect' | 'invalid';

function method(chaos: Chaos): { text: string; kind: MethodKind } {
  const draw = chaos.next();
  if (draw < 0.5) return { text: 'GET', kind: 'get' };
  if (draw < 0.6) return { text: 'HEAD', kind: 'get' };
  if (draw < 0.85) return { text: chaos.pick(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'SEARCH', 'PURGE', 'PROPFIND']), kind: 'other' };
  if (draw < 0.87) return { text: 'CONNECT', kind: 'connect' };
  return { text: chaos.pick(['get', 'post', 'Get', 'FOO', 'GETT', 'G\x01T', 'PRI', '', 'GET\x00', '\xff\xfe']), kind: 'invalid' };
}

function version(chaos: Chaos): { text: string; validity: Validity } {
  const draw = chaos.next();
  if (draw < 0.7) return { text: 'HTTP/1.1', validity: 'valid' };
  if (draw < 0.85) return { text: 'HTTP/1.0', validity: 'valid' };
  if (draw < 0.9) return { text: chaos.pick(['HTTP/2.0', 'HTTP/0.9']), validity: 'lenient' };
  return { text: chaos.pick(['HTTP/1.2', 'HTTP/9.9', 'http/1.1', 'HTTP/1', 'JUNK', '', 'HTTP/11.1', 'HTTP/1.1 extra', 'HTTP/1.1\x00']), validity: 'invalid' };
}

interface Shape {
  method: { text: string; kind: MethodKind };
  target: Target;
  version: { text: string; validity: Validity };
  headers: string[];
  body: string;
  /** Lines Node refuses, or a body framing it refuses. */
  invalid: string[];
  /** Things Node lets through that a stricter lobby may refuse with 400. */
  lenient: string[];
  hostMissing: boolean;
  hasBody: boolean;
  expectJunk: boolean;
  upgrade: UpgradeParts | null;
  lineEnd: string;
  leadingEmptyLines: string;
}

interface UpgradeParts {
  /** Node emits 'upgrade' (a non-empty Upgrade header and an "upgrade" Connection token). */
  readonly event: boolean;
  /** ws accepts the handshake: GET, Upgrade: websocket, a valid key and version, a valid protocol list. */
  readonly wsAnswer: 'accept' | '400' | '405';
}

function headersAndBody(chaos: Chaos, shape: Shape, port: number, wantsUpgrade: boolean): void {
  const { headers } = shape;
  const hostDraw = chaos.next();
  if (hostDraw < 0.8) headers.push(`Host: 127.0.0.1:${port}`);
  else if (hostDraw < 0.86) shape.hostMissing = true;
  else if (hostDraw < 0.9) {
    headers.push('Host: a.example', 'Host: b.example');
    shape.lenient.push('duplicate Host');
  } else if (hostDraw < 0.93) headers.push(`Host: ${'h'.repeat(3000 + chaos.int(6000))}`);
  else if (hostDraw < 0.96) {
    headers.push('Host: h\xe9\xff');
    shape.lenient.push('raw high bytes in Host');
  } else if (hostDraw < 0.98) {
    headers.push('Host:');
    shape.lenient.push('empty Host');
  } else {
    headers.push('Host: a\x01b');
    shape.invalid.push('control character in Host');
  }

  if (wantsUpgrade) shape.upgrade = upgradeHeaders(chaos, shape);
  else {
    const connection = chaos.pick([null, null, 'keep-alive', 'close']);
    if (connection) headers.push(`Connection: ${connection}`);
    if (chaos.chance(0.05)) headers.push('Upgrade: websocket');
  }

  const expect = chaos.next();
  if (expect < 0.04) headers.push('Expect: 100-continue');
  else if (expect < 0.08) {
    headers.push('Expect: bogus');
    shape.expectJunk = true;
  }

  for (let count = chaos.int(4); count > 0; count--) extraHeader(chaos, shape);
  body(chaos, shape);
  if (chaos.chance(0.03)) {
    shape.lineEnd = '\n';
    shape.invalid.push('bare LF line endings');
  }
  if (chaos.chance(0.03)) shape.leadingEmptyLines = '\r\n\r\n';
}

function upgradeHeaders(chaos: Chaos, shape: Shape): UpgradeParts {
  const { headers } = shape;
  const upgrade = chaos.pick(['websocket', 'websocket', 'websocket', 'websocket', 'websocket', 'websocket', 'WebSocket', null, 'h2c', 'websocket, h2c', '']);
  const connection = chaos.pick(['Upgrade', 'Upgrade', 'Upgrade', 'Upgrade', 'Upgrade', 'upgrade', 'keep-alive, Upgrade', 'Upgrade, close', null, 'keep-alive', 'close']);
  if (upgrade !== null) headers.push(`Upgrade: ${upgrade}`);
  if (connection !== null) headers.push(`Connection: ${connection}`);
  let handshakeValid = upgrade !== null && upgrade.toLowerCase() === 'websocket';

  const key = Buffer.from(Array.from({ length: 16 }, () => chaos.int(256))).toString('base64');
  const keyDraw = chaos.next();
  if (keyDraw < 0.88) headers.push(`Sec-WebSocket-Key: ${key}`);
  else {
    handshakeValid = false;
    if (keyDraw < 0.91) headers.push('Sec-WebSocket-Key: abc');
    else if (keyDraw < 0.94) headers.push(`Sec-WebSocket-Key: ${'!'.repeat(22)}==`);
    else if (keyDraw < 0.97) headers.push(`Sec-WebSocket-Key: ${key}`, `Sec-WebSocket-Key: ${key}`);
  }

  const versionDraw = chaos.next();
  if (versionDraw < 0.83) headers.push('Sec-WebSocket-Version: 13');
  else if (versionDraw < 0.88) headers.push('Sec-WebSocket-Version: 8');
  else {
    handshakeValid = false;
    if (versionDraw < 0.91) headers.push('Sec-WebSocket-Version: x');
    else if (versionDraw < 0.94) headers.push('Sec-WebSocket-Version: 7');
    else if (versionDraw < 0.97) headers.push('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 8');
  }

  const extensions = chaos.pick([
    null, null, null, null, null, null, null,
    'permessage-deflate',
    'permessage-deflate; client_max_window_bits',
    'permessage-deflate; server_max_window_bits=99; x=y',
    ';;;,,=',
    'x'.repeat(2000),
  ]);
  if (extensions !== null) headers.push(`Sec-WebSocket-Extensions: ${extensions}`);
  if (extensions === ';;;,,=') shape.lenient.push('junk Sec-WebSocket-Extensions');

  const protocol = chaos.pick([null, null, null, null, null, null, null, null, 'vimtron', 'a b,,', 'a, a', 'p'.repeat(300)]);
  if (protocol !== null) headers.push(`Sec-WebSocket-Protocol: ${protocol}`);
  if (protocol === 'a b,,' || protocol === 'a, a') handshakeValid = false;

  const event = upgrade !== null && upgrade !== '' && connection !== null && /(^|,)\s*upgrade\s*(,|$)/i.test(connection);
  const wsAnswer = shape.method.text !== 'GET' ? '405' : handshakeValid ? 'accept' : '400';
  return { event, wsAnswer };
}

function extraHeader(chaos: Chaos, shape: Shape): void {
  const draw = chaos.next();
  if (draw < 0.5) {
    const value = Array.from({ length: chaos.int(40) }, () => String.fromCharCode(0x21 + chaos.int(94))).join('');
    shape.headers.push(`X-Fuzz-${chaos.int(100)}: ${value}`);
  } else if (draw < 0.6) {
    shape.headers.push(`User-Agent: \xff\xfe${chaos.int(10)}`);
    shape.lenient.push('raw high bytes in a header value');
  } else if (draw < 0.7) {
    shape.headers.push(`X-Long: ${'v'.repeat(1000 + chaos.int(8000))}`);
  } else if (draw < 0.8) {
    for (let index = 0; index < 60; index++) shape.headers.push(`X-N${index}: ${index}`);
  } else {
    const bad = chaos.pick(['Bad Header: x', 'NoColon', ': empty name', 'X-A : b', ' folded', 'X-Null: a\x00b', 'X-Del: a\x7f']);
    shape.headers.push(bad);
    shape.invalid.push(`header line ${JSON.stringify(bad)}`);
  }
}

function body(chaos: Chaos, shape: Shape): void {
  const draw = chaos.next();
  const text = 'hello world'.slice(0, 1 + chaos.int(11));
  const set = (headers: string[], bytes: string, hasBody: boolean, invalid?: string): void => {
    shape.headers.push(...headers);
    shape.body = bytes;
    shape.hasBody = hasBody;
    if (invalid) shape.invalid.push(invalid);
  };
  if (draw < 0.7) return;
  if (draw < 0.74) set(['Content-Length: 0'], '', false);
  else if (draw < 0.79) set([`Content-Length: ${text.length}`], text, true);
  else if (draw < 0.82) set([`Content-Length: ${text.length + 1 + chaos.int(1_000_000)}`], text, true);
  else if (draw < 0.85) set([`Content-Length: ${1 + chaos.int(text.length - 1)}`], `${text}!`, true);
  else if (draw < 0.87) set(['Content-Length: -1'], text, false, 'negative Content-Length');
  else if (draw < 0.89) set(['Content-Length: 5', 'Content-Length: 6'], 'hello!', false, 'conflicting Content-Length');
  else if (draw < 0.9) set(['Content-Length: 5', 'Content-Length: 5'], 'hello', false, 'duplicate Content-Length');
  else if (draw < 0.91) set(['Content-Length: 99999999999999999999'], text, false, 'Content-Length overflow');
  else if (draw < 0.92) set(['Content-Length: abc'], text, false, 'non-numeric Content-Length');
  else if (draw < 0.95) set(['Transfer-Encoding: chunked'], `${text.length.toString(16)}\r\n${text}\r\n0\r\n\r\n`, true);
  else if (draw < 0.97) set(['Transfer-Encoding: chunked'], chaos.pick(['zz\r\nhello\r\n', 'fffffffffffffffffff\r\n', '5\r\nhel', '-1\r\n\r\n']), true);
  else if (draw < 0.98) set(['Content-Length: 3', 'Transfer-Encoding: chunked'], '0\r\n\r\n', false, 'both Content-Length and Transfer-Encoding');
  else if (draw < 0.99) set([`Transfer-Encoding: ${chaos.pick(['gzip', 'identity', 'gzip, chunked'])}`], '0\r\n\r\n', true);
  else set(['Transfer-Encoding: chunked, chunked'], '0\r\n\r\n', false, 'chunked twice');
}

/** A structured request, or (with probability `mutateRate`) one damaged at random. */
export function fuzzRequest(chaos: Chaos, surface: Surface, port: number, mutateRate: number): FuzzRequest {
  const wantsUpgrade = chaos.chance(0.45);
  const shape: Shape = {
    method: wantsUpgrade && chaos.chance(0.7) ? { text: 'GET', kind: 'get' } : method(chaos),
    target: { text: '/', kind: 'known' },
    version: { text: 'HTTP/1.1', validity: 'valid' },
    headers: [],
    body: '',
    invalid: [],
    lenient: [],
    hostMissing: false,
    hasBody: false,
    expectJunk: false,
    upgrade: null,
    lineEnd: '\r\n',
    leadingEmptyLines: '',
  };
  shape.target = target(chaos, surface, wantsUpgrade);
  shape.version = version(chaos);
  headersAndBody(chaos, shape, port, wantsUpgrade);
  const head = [`${shape.method.text} ${shape.target.text} ${shape.version.text}`, ...shape.headers].join(shape.lineEnd);
  let bytes: Buffer = Buffer.from(`${shape.leadingEmptyLines}${head}${shape.lineEnd}${shape.lineEnd}${shape.body}`, 'latin1');
  let allowed = outcomesFor(shape, surface, Buffer.byteLength(head, 'latin1'));
  let description = describe(shape);
  let category = categorize(shape, surface, Buffer.byteLength(head, 'latin1'));
  const mutated = chaos.chance(mutateRate);
  if (mutated) {
    const damage = mutate(chaos, bytes);
    bytes = damage.bytes;
    allowed = outcomesForDamaged(bytes);
    description = `${description}; damaged: ${damage.steps.join(', ')}`;
    category = 'damaged request';
  }
  const cuts = Array.from({ length: chaos.int(3) }, () => 1 + chaos.int(Math.max(1, bytes.length - 1)));
  return { bytes, allowed, description, category, mutated, cuts };
}

function outcomesFor(shape: Shape, surface: Surface, headBytes: number): Set<Outcome> {
  // Node's count of the head differs from ours by a few bytes; near its limit, either answer is right.
  if (headBytes > NODE_HEAD_LIMIT + 1024 || shape.target.kind === 'huge') return refusal('400', '414', '431');
  if (shape.method.kind === 'invalid' || shape.version.validity === 'invalid' || shape.target.kind === 'invalid' || shape.invalid.length > 0) {
    return headBytes > MODEST_HEAD ? refusal('400', '414', '431') : refusal('400');
  }
  if (shape.method.kind === 'connect') return refusal('400', '405');
  const upgrade = shape.upgrade?.event ? shape.upgrade : null;
  let allowed: Set<Outcome>;
  if (upgrade) allowed = upgradeOutcomes(shape, upgrade, surface);
  else if (shape.hostMissing && shape.version.text === 'HTTP/1.1') allowed = refusal('400');
  else allowed = plainOutcomes(shape);
  if (shape.lenient.length > 0 || shape.version.validity === 'lenient' || (upgrade && shape.hostMissing)) add(allowed, refusal('400', '505'));
  if (headBytes > MODEST_HEAD) add(allowed, refusal('400', '414', '431'));
  if (shape.expectJunk && !upgrade) add(allowed, refusal('417'));
  return allowed;
}

function plainOutcomes(shape: Shape): Set<Outcome> {
  const getLike = shape.method.kind === 'get';
  const allowed = new Set<Outcome>();
  if (shape.hasBody) {
    add(allowed, refusal('400', '413', '501'));
    if (!getLike) allowed.add('405');
    if (shape.target.kind !== 'known') allowed.add('404');
    return allowed;
  }
  switch (shape.target.kind) {
    case 'known':
      allowed.add(getLike ? '200' : '405');
      break;
    case 'unknown':
      allowed.add('404');
      if (!getLike) allowed.add('405');
      break;
    case 'ambiguous':
      add(allowed, getLike ? ['200', '400', '404'] : ['400', '404', '405']);
      break;
    default:
      add(allowed, refusal('400', '404'));
      if (!getLike) allowed.add('405');
  }
  return allowed;
}

function upgradeOutcomes(shape: Shape, upgrade: UpgradeParts, surface: Surface): Set<Outcome> {
  const atWebSocketPath = shape.target.kind === 'known' && shape.target.path === surface.websocketPath;
  let allowed: Set<Outcome>;
  if (upgrade.wsAnswer !== 'accept') {
    allowed = refusal(upgrade.wsAnswer, '400');
    if (!atWebSocketPath) allowed.add('404');
  } else if (atWebSocketPath) {
    allowed = new Set(['101 served']);
  } else {
    // Whether another path may be a WebSocket is the lobby's choice; an upgrade it accepts must be served or closed with a code.
    allowed = new Set(['101 served', '101 closed', ...refusal('400', '404')]);
  }
  if (shape.hasBody) {
    // ws reads a body as frames; printable bytes set reserved bits, so it closes with 1002. The lobby may refuse earlier.
    allowed.delete('101 served');
    add(allowed, ['101 closed', ...refusal('400', '413')]);
  }
  return allowed;
}

function outcomesForDamaged(bytes: Buffer): Set<Outcome> {
  const allowed = new Set(EVERY_OUTCOME);
  const requestLine = bytes.toString('latin1').replace(/^[\r\n]+/, '');
  if (!/^(GET|HEAD) /.test(requestLine)) allowed.delete('200');
  // Bytes after the head reach ws as frames, and an incomplete frame makes it wait for the rest.
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0 || end + 4 === bytes.length) allowed.delete('101 silent');
  return allowed;
}

function mutate(chaos: Chaos, original: Buffer): { bytes: Buffer; steps: string[] } {
  let bytes: Buffer = Buffer.from(original);
  const steps: string[] = [];
  const damaging = ['\x00', '\x7f', '\xff', '\r', '\n', ' ', ':', '\t', '/', '%', '?'];
  for (let count = 1 + chaos.int(3); count > 0; count--) {
    const at = chaos.int(bytes.length);
    switch (chaos.int(6)) {
      case 0: {
        const bit = chaos.int(8);
        bytes[at] = bytes[at]! ^ (1 << bit);
        steps.push(`flip bit ${bit} at ${at}`);
        break;
      }
      case 1: {
        const replacement = chaos.pick(damaging);
        bytes[at] = replacement.charCodeAt(0);
        steps.push(`byte ${at} = ${JSON.stringify(replacement)}`);
        break;
      }
      case 2: {
        const length = 1 + chaos.int(20);
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)]);
        steps.push(`delete ${length} at ${at}`);
        break;
      }
      case 3: {
        const length = 1 + chaos.int(40);
        bytes = Buffer.concat([bytes.subarray(0, at + length), bytes.subarray(at, at + length), bytes.subarray(at + length)]);
        steps.push(`repeat ${length} at ${at}`);
        break;
      }
      case 4: {
        const inserted = chaos.bytes(1 + chaos.int(16));
        bytes = Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at)]);
        steps.push(`insert ${inserted.length} random at ${at}`);
        break;
      }
      default:
        bytes = bytes.subarray(0, at);
        steps.push(`truncate at ${at}`);
    }
    if (bytes.length === 0) break;
  }
  return { bytes, steps };
}

/** A request head cut before its end: what a slow or malicious client leaves hanging. */
export function halfSentPrefix(chaos: Chaos, surface: Surface, port: number): Buffer {
  const request = fuzzRequest(chaos, surface, port, 0).bytes;
  let end = request.indexOf('\r\n\r\n');
  if (end < 0) end = request.indexOf('\n\n');
  if (end < 0) end = request.length;
  return request.subarray(0, chaos.int(end + 1));
}

function categorize(shape: Shape, surface: Surface, headBytes: number): string {
  if (headBytes > NODE_HEAD_LIMIT || shape.target.kind === 'huge') return 'oversized head';
  if (shape.method.kind === 'invalid' || shape.version.validity === 'invalid' || shape.target.kind === 'invalid' || shape.invalid.length > 0) {
    return 'malformed request';
  }
  if (shape.method.kind === 'connect') return 'CONNECT';
  const target =
    shape.target.kind === 'known' ? (shape.target.path === surface.websocketPath ? 'the WebSocket path' : 'another known path') : `an ${shape.target.kind} target`;
  if (shape.upgrade?.event) {
    const handshake = shape.upgrade.wsAnswer === 'accept' ? 'valid upgrade' : `upgrade ws refuses with ${shape.upgrade.wsAnswer}`;
    return `${handshake} at ${target}${shape.hasBody ? ' with a body' : ''}`;
  }
  return `${shape.method.kind === 'get' ? 'GET/HEAD' : 'other method'} of ${target}${shape.hasBody ? ' with a body' : ''}`;
}

function describe(shape: Shape): string {
  const parts = [JSON.stringify(`${shape.method.text} ${shape.target.text.slice(0, 60)}${shape.target.text.length > 60 ? '…' : ''} ${shape.version.text}`)];
  if (shape.upgrade) parts.push(shape.upgrade.event ? `upgrade (ws: ${shape.upgrade.wsAnswer})` : 'upgrade headers, no upgrade');
  if (shape.hostMissing) parts.push('no Host');
  if (shape.hasBody) parts.push('body');
  if (shape.expectJunk) parts.push('Expect: bogus');
  parts.push(...shape.invalid, ...shape.lenient);
  return parts.join(', ');
}

function refusal(...codes: Outcome[]): Set<Outcome> {
  // A server that refuses and closes may reset the connection before its answer is read.
  return new Set([...codes, 'dropped']);
}

function add(into: Set<Outcome>, items: Iterable<Outcome>): void {
  for (const item of items) into.add(item);
}
