// Typed events on top of the platform's EventTarget (browser and Node 20 both have it): the SDK's
// replacement for UCMA's .NET events (docs/architecture.md: promises and typed events).

/** The event object every SDK emitter dispatches: a standard `Event` carrying a typed `detail`. */
export class PchatEvent<T> extends Event {
  /** The event arguments (UCMA's `...EventArgs`). */
  readonly detail: T;
  constructor(type: string, detail: T) {
    super(type);
    this.detail = detail;
  }
}

/** A listener for one event type of an emitter. */
export type Listener<T> = (detail: T, event: PchatEvent<T>) => void;

/**
 * An `EventTarget` with typed `on`/`once`/`off`. `M` maps event names to their detail types.
 * `addEventListener(name, e => e.detail)` keeps working for code that wants the DOM style.
 */
export class TypedEventTarget<M extends object> extends EventTarget {
  private readonly wrapped = new Map<Listener<never>, (e: Event) => void>();

  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof M & string>(type: K, listener: Listener<M[K]>): () => void {
    const w = (e: Event): void => {
      const pe = e as PchatEvent<M[K]>;
      listener(pe.detail, pe);
    };
    this.wrapped.set(listener as Listener<never>, w);
    this.addEventListener(type, w);
    return () => this.off(type, listener);
  }

  /** Subscribes for the next event only. */
  once<K extends keyof M & string>(type: K, listener: Listener<M[K]>): () => void {
    const off = this.on(type, (d, e) => {
      off();
      listener(d, e);
    });
    return off;
  }

  /** Unsubscribes a listener given to `on`. */
  off<K extends keyof M & string>(type: K, listener: Listener<M[K]>): void {
    const w = this.wrapped.get(listener as Listener<never>);
    if (w === undefined) return;
    this.wrapped.delete(listener as Listener<never>);
    this.removeEventListener(type, w);
  }

  /** Resolves with the detail of the next event of `type` that passes `filter`. */
  next<K extends keyof M & string>(type: K, filter: (detail: M[K]) => boolean = () => true): Promise<M[K]> {
    return new Promise((resolve) => {
      const off = this.on(type, (d) => {
        if (!filter(d)) return;
        off();
        resolve(d);
      });
    });
  }

  /** Dispatches an event to its listeners (synchronously, in subscription order). */
  protected emit<K extends keyof M & string>(type: K, detail: M[K]): void {
    // EventTarget reports a throwing listener as an uncaught error and goes on with the others.
    this.dispatchEvent(new PchatEvent(type, detail));
  }
}
