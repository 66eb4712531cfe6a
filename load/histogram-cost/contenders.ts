import type { HistogramContender } from './contender.js';

export const CONTENDER_NAMES = ['ours', 'hdr-js-32-core', 'hdr-js-32', 'hdr-js-packed', 'hdr-wasm-32', 'hdr-wasm-packed'] as const;
export type ContenderName = (typeof CONTENDER_NAMES)[number];

/**
 * Loads one contender, importing only its own modules, so that a child
 * process holding it pays for that library's code and nothing else.
 */
export async function loadContender(name: ContenderName): Promise<HistogramContender> {
  if (name === 'ours') return (await import('./ours.js')).ours;
  if (name === 'hdr-js-32-core') return (await import('./hdr-core.js')).hdrCore;
  const { hdrContender } = await import('./hdr.js');
  switch (name) {
    case 'hdr-js-32':
      return hdrContender(32, false);
    case 'hdr-js-packed':
      return hdrContender('packed', false);
    case 'hdr-wasm-32':
      return hdrContender(32, true);
    case 'hdr-wasm-packed':
      return hdrContender('packed', true);
  }
}
