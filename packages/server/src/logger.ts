// One pino logger for the process; child loggers per edge, connection and dialog. Secrets never reach
// the log: the redaction list covers every place credentials travel (house rule: secrets are never logged).
import { pino, type Logger, type LevelWithSilent } from 'pino';

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

export function createLogger(level: LevelWithSilent, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'pchat' } },
    destination ?? process.stderr,
  );
}
