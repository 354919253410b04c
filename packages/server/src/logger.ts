// One pino logger for the process; child loggers per edge, and correlation ids on every line about a
// connection or a request: `conn` (the SIP connection, e.g. `tls-17`, or the HTTP socket, `http-4`) and
// `req` (one SIP request or HTTP request). Secrets never reach the log: the redaction list covers every
// place credentials travel (house rule: secrets are never logged). Repeated identical warnings are
// rate-limited (log-limiter.ts).
import { pino, type Logger, type LevelWithSilent } from 'pino';
import { DEFAULT_LOG_LIMITS, WarningLimiter, type LogLimits } from './log-limiter.js';

export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["proxy-authorization"]',
  'credential',
  '*.credential',
  'ntHash',
  '*.ntHash',
  'ha1',
  '*.ha1',
];

const WARN = 40;

export function createLogger(
  level: LevelWithSilent,
  destination?: NodeJS.WritableStream,
  limits: LogLimits = DEFAULT_LOG_LIMITS,
): Logger {
  const limiter = new WarningLimiter(limits);
  let root: Logger | null = null;
  let flushing = false;
  const summary = (s: { level: number; msg: string; suppressed: number }) => {
    const line = { suppressed: s.suppressed, windowSeconds: limits.windowMs / 1000 };
    const text = `${s.msg} (repeated; ${s.suppressed} identical lines suppressed)`;
    const was = flushing;
    flushing = true; // a summary is never limited itself
    try {
      if (s.level >= 50) root?.error(line, text);
      else root?.warn(line, text);
    } finally {
      flushing = was;
    }
  };
  const logger = pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'pchat' },
      hooks: {
        // Runs for the root and every child: one limiter per process logger.
        logMethod(args, method, lvl) {
          if (lvl < WARN || flushing) return method.apply(this, args);
          const msg = typeof args[0] === 'string' ? args[0] : typeof args[1] === 'string' ? args[1] : '';
          const verdict = limiter.admit(lvl, msg, summary);
          if (verdict === null) return;
          if (verdict > 0 && typeof args[0] === 'object' && args[0] !== null)
            args[0] = { ...(args[0] as object), suppressed: verdict };
          else if (verdict > 0) args.unshift({ suppressed: verdict } as never);
          return method.apply(this, args);
        },
      },
    },
    destination ?? process.stderr,
  );
  root = logger;
  // Ended windows with dropped lines get their summary even when the message never comes back.
  const timer = setInterval(() => limiter.sweep(Date.now(), summary), limits.windowMs);
  timer.unref();
  return logger;
}
