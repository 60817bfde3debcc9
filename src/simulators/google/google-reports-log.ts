/**
 * Reports API activities beyond the recorded `user_accounts` ones: the `admin` application, and
 * activities injected while the simulator runs (newest first, as the API lists them). A `google-ou-2sv-off`
 * injection appends the admin event Google writes when 2-step verification enforcement is turned off for an org unit.
 */
import { randomUUID } from 'node:crypto';
import { wrongInjection, type AuditInjection, type SimulatorAuditLog } from '../audit-injection.js';

type Json = Record<string, unknown>;

export const servedReportApplications = ['user_accounts', 'admin'] as const;

export class GoogleReportsLog implements SimulatorAuditLog {
  private readonly injected = new Map<string, Json[]>();

  constructor(
    private readonly customerId: string,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return [...this.injected.values()].reduce((sum, list) => sum + list.length, 0);
  }

  serves(application: string): boolean {
    return (servedReportApplications as readonly string[]).includes(application);
  }

  /** The application's activities, `recorded` (from the tenant) and injected, newest first. */
  activities(application: string, recorded: readonly Json[]): Json[] {
    const time = (activity: Json): string => String((activity.id as { time?: unknown } | undefined)?.time ?? '');
    return [...recorded, ...(this.injected.get(application) ?? [])].sort((a, b) => time(b).localeCompare(time(a)));
  }

  private append(application: string, activity: Json): void {
    const list = this.injected.get(application) ?? [];
    list.push(activity);
    this.injected.set(application, list);
  }

  inject(injection: AuditInjection): void {
    if (injection.kind === 'raw') {
      for (const record of injection.records) this.append(String((record.id as { applicationName?: unknown } | undefined)?.applicationName ?? 'admin'), record);
      return;
    }
    if (injection.kind !== 'google-ou-2sv-off') throw wrongInjection('Google', injection);
    this.append('admin', {
      kind: 'admin#reports#activity',
      id: { time: new Date(this.now() - injection.lateBySeconds * 1000).toISOString(), uniqueQualifier: String(BigInt.asIntN(64, BigInt(`0x${randomUUID().replace(/-/g, '').slice(0, 16)}`))), applicationName: 'admin', customerId: this.customerId },
      etag: `"${randomUUID()}"`,
      actor: { callerType: 'USER', email: injection.actor, profileId: '100000000000000000042' },
      ipAddress: '198.51.100.44',
      events: [
        {
          type: 'SECURITY_SETTINGS',
          name: 'ENFORCE_STRONG_AUTHENTICATION',
          parameters: [
            { name: 'ORG_UNIT_NAME', value: injection.orgUnit },
            { name: 'OLD_VALUE', value: 'true' },
            { name: 'NEW_VALUE', value: 'false' },
          ],
        },
      ],
    });
  }
}
