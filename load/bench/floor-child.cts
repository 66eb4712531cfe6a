/**
 * A bare Node child for the process-per-room floor (floor-children.ts): no
 * game, only what every room does at the least: a drift-corrected 100 ms
 * timer and one frame-sized string up the IPC channel per tick. It exits
 * when its parent disconnects. CommonJS, as the room's bundle is: a child
 * started without the ES module loader, as a room is.
 */
const TICK_MS = 100;
/** About the size of a 2-player light room's JSON frame as the lobby receives it. */
const FRAME = JSON.stringify({ type: 'frame', padding: 'x'.repeat(470) });

if (!process.send) throw new Error('floor-child.js runs as a forked child with an IPC channel');
const started = performance.now();
let tick = 0;
let timer: NodeJS.Timeout;
const onTick = (): void => {
  tick += 1;
  process.send!(FRAME);
  // Drift-corrected, as a room schedules its ticks: the next one is due at start + tick x 100 ms.
  timer = setTimeout(onTick, Math.max(0, started + (tick + 1) * TICK_MS - performance.now()));
};
timer = setTimeout(onTick, TICK_MS);
process.on('disconnect', () => {
  clearTimeout(timer);
  process.exit(0);
});
