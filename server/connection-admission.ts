/**
 * Counts every open socket, per address and in all, from the moment it is
 * accepted: WebSocket sessions, plain HTTP requests and requests still half
 * sent alike, since each holds a file descriptor.
 *
 * A socket over a cap is not served: it is told why (close 4003 or 1013 on a
 * WebSocket, 429 or 503 on HTTP) if it asks promptly. So that telling cannot
 * itself be abused, only a few such sockets are kept per address and in all;
 * beyond those, new sockets are cut at once without reading a byte.
 */
export type AdmissionVerdict =
  | 'admitted'
  | 'too-many-from-address'
  | 'too-many-in-total'
  /** Over a cap by more than the allowance: destroy without answering. */
  | 'cut';

export interface AdmissionLimits {
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
}

/** Refused sockets kept long enough to be told why, per address and in all. */
const REFUSALS_PER_ADDRESS = 8;
const REFUSALS_IN_TOTAL = 64;

export interface AdmissionTicket {
  readonly verdict: AdmissionVerdict;
  /** Gives the socket's place back; idempotent. Call when the socket closes. */
  release(): void;
}

export class ConnectionAdmission {
  private readonly perAddress = new Map<string, { open: number; refused: number }>();
  private open = 0;
  private refused = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  admit(address: string): AdmissionTicket {
    const counts = this.perAddress.get(address) ?? { open: 0, refused: 0 };
    let verdict: AdmissionVerdict = 'admitted';
    if (this.open >= this.limits.maxConnections) verdict = 'too-many-in-total';
    else if (counts.open >= this.limits.maxConnectionsPerAddress) verdict = 'too-many-from-address';
    if (verdict !== 'admitted' && (counts.refused >= REFUSALS_PER_ADDRESS || this.refused >= REFUSALS_IN_TOTAL)) {
      return { verdict: 'cut', release: () => {} };
    }
    const refusal = verdict !== 'admitted';
    if (refusal) {
      counts.refused += 1;
      this.refused += 1;
    } else {
      counts.open += 1;
      this.open += 1;
    }
    this.perAddress.set(address, counts);
    let released = false;
    return {
      verdict,
      release: () => {
        if (released) return;
        released = true;
        if (refusal) {
          counts.refused -= 1;
          this.refused -= 1;
        } else {
          counts.open -= 1;
          this.open -= 1;
        }
        if (counts.open === 0 && counts.refused === 0) this.perAddress.delete(address);
      },
    };
  }

  /** Sockets admitted and still open. */
  get openSockets(): number {
    return this.open;
  }

  /** Addresses with at least one socket open or being refused. */
  get addresses(): number {
    return this.perAddress.size;
  }
}
