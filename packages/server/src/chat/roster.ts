// PC-13 participant roster for large rooms: join/part notices and the roster on join flow until the number
// of connected users reaches ParticipantUpdateLimit; from then on nothing, until the count falls below
// 80% of the limit. A hysteresis gate, pure, one per room runtime.
export class RosterGate {
  private large = false;

  constructor(private limit: number) {}

  /** Roster traffic flows (the room is not "large"). */
  get open(): boolean {
    return !this.large;
  }

  setLimit(limit: number, count: number): void {
    this.limit = limit;
    this.update(count);
  }

  /**
   * Call after the count of distinct users changed; returns whether roster traffic flows *after* the
   * change. The change that reaches the limit is not announced; the one that brings the count below 80%
   * is (the room is normal again after it).
   */
  update(count: number): boolean {
    if (!this.large && count >= this.limit) this.large = true;
    else if (this.large && count < 0.8 * this.limit) this.large = false;
    return !this.large;
  }
}
