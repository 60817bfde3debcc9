/** Identity-provider text reaches the terminal without its control characters; reports keep it as returned. */
import { formatSummary } from '../../src/cli/print-summary.js';
import { forTerminal, forTerminalLine } from '../../src/cli/terminal-text.js';
import { buildReport } from '../../src/reports/build-report.js';
import { fixtureInput } from '../reports/report-fixtures.js';

const hostile = 'eve\u001b[2J\u001b]0;pwned\u0007\u202Egnp.exe\u0000\u200F\u2066x\u0085';

describe('terminal text', () => {
  it('replaces ANSI escapes, BEL, NUL, C1 and bidi controls, keeping letters, accents and layout', () => {
    expect(forTerminal(hostile)).toBe('eve\ufffd[2J\ufffd]0;pwned\ufffd\ufffdgnp.exe\ufffd\ufffd\ufffdx\ufffd');
    expect(forTerminal('Zoë Ørsted\tIT\n')).toBe('Zoë Ørsted\tIT\n');
    expect(forTerminalLine('a\nb\tc')).toBe('a\ufffdb\ufffdc');
  });

  it('the scan summary prints IdP-supplied names without control characters, and the report keeps them', () => {
    const report = buildReport(fixtureInput());
    const [first] = report.accounts;
    if (!first) throw new Error('the fixture has accounts');
    first.login = hostile;
    first.effectiveCovered = { value: 'no', reasons: [`Policy ${hostile} excludes the account.`] };
    report.organisation.name = `Acme${'\u202E'}`;
    const summary = formatSummary(report, []);
    expect(summary).toContain('not covered: eve\ufffd[2J');
    // Nothing left for the filter to replace: no control character reached the summary.
    expect(forTerminal(summary)).toBe(summary);
    expect(first.login).toBe(hostile);
  });
});
