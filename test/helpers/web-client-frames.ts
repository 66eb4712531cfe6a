import type { Received, TestClient } from './test-client.js';

/**
 * What the browser client's tests, in Chromium and in Firefox, compare: the
 * frames a ws test client receives from the lobby, and the pixels the page
 * painted for them.
 */

/** A colour as [r, g, b]. */
export type Rgb = [number, number, number];

/** `#rrggbb` as [r, g, b]. */
export function rgb(hex: string): Rgb {
  return [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)];
}

/**
 * Runs in the page (both drivers serialise it): the tick the canvas shows and
 * the colour of each cell of `cells`, read at the cell's centre in device
 * pixels, in one go: the page repaints at every frame, so separate reads
 * could see different ticks.
 */
export function paintedArena([gameWidth, cells]: readonly [number, readonly (readonly [number, number])[]]): { tick: number; colours: Rgb[] } {
  const canvas = document.getElementById('arena') as HTMLCanvasElement;
  const cell = canvas.width / gameWidth;
  const context = canvas.getContext('2d')!;
  const colours = cells.map(([x, y]) => {
    const [r, g, b] = context.getImageData(Math.floor((x + 0.5) * cell), Math.floor((y + 0.5) * cell), 1, 1).data;
    return [r!, g!, b!] as Rgb;
  });
  return { tick: Number(canvas.dataset.tick), colours };
}

/** The next full frame (a state or snapshot) the test client receives, after those taken. */
export function nextFrame(client: TestClient, match: (frame: Received) => boolean = () => true, timeoutMs = 5000): Promise<Received> {
  return client.next((message) => (message.type === 'state' || message.type === 'snapshot') && match(message), timeoutMs);
}

/** The cycle of seat `number` in a frame. */
export function cycleIn(frame: Received, number: number): { x: number; y: number; direction: string; inserting: boolean; ready: boolean; seated: boolean; status: string } {
  return (frame.cycles as { number: number }[]).find((cycle) => cycle.number === number) as never;
}

/** The key that turns a cycle heading `direction` at (x, y) towards the arena's centre, and where it then heads. */
export function turnTowardsCentre(direction: string, x: number, y: number, width: number, height: number): { key: string; heading: string } {
  if (direction === 'up' || direction === 'down') return x < width / 2 ? { key: 'l', heading: 'right' } : { key: 'h', heading: 'left' };
  return y < height / 2 ? { key: 'j', heading: 'down' } : { key: 'k', heading: 'up' };
}

/** The arrow key that turns as each of h j k l does. */
export const ARROWS: Readonly<Record<string, string>> = { h: 'ArrowLeft', j: 'ArrowDown', k: 'ArrowUp', l: 'ArrowRight' };
