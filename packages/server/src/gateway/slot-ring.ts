/**
 * Sessions by their place in a round robin of `turns` (`Session.slot % turns`), so a periodic
 * walk (heartbeat pings, head frames) visits one turn's sessions instead of every session to find
 * them: at tens of thousands of connections the walks would otherwise cost more than the writes.
 */
export class SlotRing<T extends { readonly slot: number }> {
  private readonly buckets: Set<T>[];

  constructor(readonly turns: number) {
    this.buckets = Array.from({ length: turns }, () => new Set<T>());
  }

  add(item: T): void {
    this.buckets[item.slot % this.turns]!.add(item);
  }

  delete(item: T): void {
    this.buckets[item.slot % this.turns]!.delete(item);
  }

  /** The sessions served at `turn` (0 ≤ turn < turns). */
  at(turn: number): ReadonlySet<T> {
    return this.buckets[turn % this.turns]!;
  }
}
