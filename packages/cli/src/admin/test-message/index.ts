// Runs Test-CsPersistentChatMessage (PC-50) in the CLI: no admin API call, the test signs in over SIP
// (probe.ts). Prints the Lync-style report (TargetFqdn, Result, Latency, Error, Diagnosis) and the timed
// steps; -Json prints the whole report. Exit code 0 on Success, 1 on Failure.
import { formatList, print } from '../format.js';
import type { Parsed } from '../params.js';
import { testSettings } from './options.js';
import { runProbe, timeSpan, type TestReport } from './probe.js';

export function formatReport(r: TestReport): string {
  const { steps, latencyMs: _ms, ...head } = r;
  const width = Math.max(4, ...steps.map((x) => x.step.length));
  const table = [
    `${'Step'.padEnd(width)}  ${'Result'.padEnd(7)}  Latency`,
    `${'----'.padEnd(width)}  ${'------'.padEnd(7)}  -------`,
    ...steps.map((x) => `${x.step.padEnd(width)}  ${x.result.padEnd(7)}  ${timeSpan(x.latencyMs)}`),
  ];
  return `${formatList([head])}\n${table.join('\n')}\n`;
}

export async function runTestMessage(p: Parsed): Promise<number> {
  const settings = testSettings(p);
  const report: TestReport = await runProbe(settings);
  if (p.common.Json === true) print(report, true);
  else process.stdout.write(formatReport(report));
  if (report.result === 'Failure') {
    process.stderr.write(
      `Test-CsPersistentChatMessage: ${report.error ?? 'the test failed'}\n${report.diagnosis ? `Fix: ${report.diagnosis}\n` : ''}`,
    );
    return 1;
  }
  return 0;
}
