/** Named locks held across awaits, first come first served: what one transaction holds, another waits for. */
export class LockTable {
  private readonly tails = new Map<string, Promise<void>>();

  /** Resolves once `name` is free, with the function that frees it again. */
  async acquire(name: string): Promise<() => void> {
    const before = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(name, tail);
    await before;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
      if (this.tails.get(name) === tail) this.tails.delete(name);
    };
  }

  /** Whether someone holds or waits for `name`. */
  busy(name: string): boolean {
    return this.tails.has(name);
  }
}
