// A minimal event emitter for the widget's public events (decision, handoff, delivered, error).

export class Emitter {
  constructor() {
    this.handlers = new Map();
  }

  /** Subscribes `fn` to `event`; returns a function that unsubscribes. */
  on(event, fn) {
    if (typeof fn !== 'function') throw new TypeError('Handoff.on: handler must be a function');
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(fn);
    return () => this.handlers.get(event)?.delete(fn);
  }

  /** Calls every handler of `event`; a throwing handler is reported, never breaks the others. */
  emit(event, detail) {
    for (const fn of this.handlers.get(event) ?? []) {
      try {
        fn(detail);
      } catch (err) {
        console.error(`Handoff: a '${event}' handler threw`, err);
      }
    }
  }
}
