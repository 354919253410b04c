// Prometheus metrics of one node (served at /metrics on the HTTP port, docs/security.md "Operations"):
// counters the chat service and the HTTP edge feed, gauges read from the live objects when scraped, and
// the latency of every store call. Labels come from fixed vocabularies only (command ids the codec knows,
// refusal codes, store method names), never from what a client sent, so no client can grow the series.
import type { Store } from '@pchat/domain';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ChatMetrics } from '../chat/types.js';

/** What the gauges read when scraped; each source may be absent (no chat service, no SIP listener). */
export interface MetricSources {
  connections?: () => number;
  dialogs?: () => number;
  sessions?: () => number;
  queues?: () => { outbound: number; inbound: number; rooms: number };
}

export class ServerMetrics {
  readonly registry = new Registry();
  private sources: MetricSources = {};
  private readonly commands: Counter<'command'>;
  private readonly refusals: Counter<'edge' | 'code'>;
  private readonly throttles: Counter<'by'>;
  private readonly deliveries: Counter;
  private readonly storeSeconds: Histogram<'call'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'pchat_process_' });
    this.commands = new Counter({
      name: 'pchat_chat_commands_total',
      help: 'XCCOS commands run to their end, by command (join = room joins, grpchat = posts)',
      labelNames: ['command'],
      registers,
    });
    this.refusals = new Counter({
      name: 'pchat_errors_total',
      help: 'Refused requests, by edge (xccos, http) and error code',
      labelNames: ['edge', 'code'],
      registers,
    });
    this.throttles = new Counter({
      name: 'pchat_throttle_hits_total',
      help: 'Requests refused or slowed: chat rate limits (user, connection), a full session queue (queue), the sign-in throttle (sign-in-locked, sign-in-slowed)',
      labelNames: ['by'],
      registers,
    });
    this.deliveries = new Counter({
      name: 'pchat_chat_deliveries_total',
      help: 'Envelopes handed to chat sessions (messages, notices, replies)',
      registers,
    });
    this.storeSeconds = new Histogram({
      name: 'pchat_store_seconds',
      help: 'Latency of store calls outside transactions, by sub-store and method',
      labelNames: ['call'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    const gauge = (name: string, help: string, read: () => number | undefined): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const v = read();
          if (v !== undefined) this.set(v);
        },
      });
    };
    gauge('pchat_sip_connections', 'Open SIP connections (TCP, TLS, WebSocket)', () =>
      this.sources.connections?.(),
    );
    gauge('pchat_sip_dialogs', 'Open SIP dialogs', () => this.sources.dialogs?.());
    gauge('pchat_chat_sessions', 'Open chat sessions', () => this.sources.sessions?.());
    gauge('pchat_chat_rooms_live', 'Rooms with a runtime on this node', () => this.sources.queues?.().rooms);
    gauge(
      'pchat_chat_outbound_queued',
      'Envelopes waiting in the outbound queues of all sessions',
      () => this.sources.queues?.().outbound,
    );
    gauge(
      'pchat_chat_commands_queued',
      'Commands received and not finished, over all sessions',
      () => this.sources.queues?.().inbound,
    );
  }

  /** Where the gauges read from; called again as parts start. */
  attach(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** The chat service's counters. */
  readonly chat: ChatMetrics = {
    command: (type) => this.commands.inc({ command: type }),
    refused: (code) => this.refusals.inc({ edge: 'xccos', code }),
    throttled: (by) => this.throttles.inc({ by }),
    delivered: () => this.deliveries.inc(),
  };

  /** A refused HTTP request (the HTTP edge's error mapper gave `code`). */
  httpRefused(code: string): void {
    this.refusals.inc({ edge: 'http', code });
  }

  /**
   * The store with every call of its sub-stores timed (transactions pass through untimed: their calls
   * run on the transaction's own store).
   */
  instrumentStore<S extends Store>(store: S): S {
    const timed = new Map<PropertyKey, unknown>();
    const histogram = this.storeSeconds;
    const wrap = (name: string, sub: object): object =>
      new Proxy(sub, {
        get(target, prop, receiver) {
          const v: unknown = Reflect.get(target, prop, receiver);
          if (typeof v !== 'function' || typeof prop !== 'string') return v;
          return (...args: unknown[]): unknown => {
            const end = histogram.startTimer({ call: `${name}.${prop}` });
            const r: unknown = (v as (...a: unknown[]) => unknown).apply(target, args);
            if (r instanceof Promise) return r.finally(() => end());
            end();
            return r;
          };
        },
      });
    return new Proxy(store, {
      get(target, prop) {
        const v: unknown = Reflect.get(target, prop, target);
        if (typeof prop === 'string' && SUB_STORES.has(prop) && typeof v === 'object' && v !== null) {
          if (!timed.has(prop)) timed.set(prop, wrap(prop, v));
          return timed.get(prop);
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }
}

/**
 * Every sub-store of the Store port, by name: a Record over the port's keys, so a sub-store added to the
 * port fails to compile here until it is listed (nodes, contacts and web sessions once went untimed).
 */
const TIMED: Record<Exclude<keyof Store, 'dialect' | 'transaction' | 'close'>, true> = {
  nodes: true,
  directory: true,
  credentials: true,
  topology: true,
  rooms: true,
  messages: true,
  invitations: true,
  preferences: true,
  audit: true,
  files: true,
  compliance: true,
  contacts: true,
  webSessions: true,
};
const SUB_STORES: ReadonlySet<string> = new Set(Object.keys(TIMED));
