import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import AjvModule from 'ajv';
import type { Alert } from '../../src/alerts/alert.js';
import { DeliveryRefusedError } from '../../src/alerts/delivery/alert-channel.js';
import { buildNotification } from '../../src/alerts/delivery/alert-notification.js';
import { createChannel } from '../../src/alerts/delivery/create-channels.js';
import { alertsConfigSchema } from '../../src/config/alerts-config.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver } from './local-receivers.js';

// ajv is CommonJS: under NodeNext the default import is `module.exports`, whose `default` is the class.
const Ajv = AjvModule.default;

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

const alert: Alert = {
  id: 'alr_1',
  key: 'bulk-unenrollment:okta',
  rule: 'bulk-unenrollment',
  severity: 'critical',
  status: 'open',
  sourceId: 'okta',
  idp: 'okta',
  title: 'Bulk MFA unenrollment in okta: 40 accounts lost a factor',
  summary: '40 accounts lost an MFA factor within 60 min.',
  accounts: Array.from({ length: 40 }, (_, index) => ({ id: `00u${index}`, login: `user${index}@example.com`, privileged: index === 0 })),
  actors: [{ id: '00uadmin', login: 'admin@example.com', accounts: 40 }],
  eventCount: 40,
  eventIds: ['a'],
  eventNames: ['user.mfa.factor.deactivate'],
  detectors: ['audit-log'],
  firstSeenAt: '2026-12-06T10:00:00.000Z',
  lastSeenAt: '2026-12-06T10:00:39.000Z',
  createdAt: '2026-12-06T10:01:00.000Z',
  updatedAt: '2026-12-06T10:01:00.000Z',
  revision: 1,
};
const notification = buildNotification(alert, 'https://mfa.example/api/');

describe('delivery channels', () => {
  let receiver: HttpReceiver;
  let directory: string;
  beforeAll(async () => {
    receiver = await startHttpReceiver();
    directory = await mkdtemp(path.join(os.tmpdir(), 'siem-'));
  });
  afterAll(async () => {
    await receiver.close();
    await rm(directory, { recursive: true, force: true });
  });

  const config = (channels: unknown[]) => alertsConfigSchema.parse({ channels, delivery: { timeoutMs: 2000 } });

  it('signs webhooks by Standard Webhooks, verifiable by the receiver, and links each account', async () => {
    const settings = config([{ id: 'hook', type: 'webhook', url: `${receiver.url}/hook`, secret: { env: 'HOOK_SECRET' } }]);
    const channel = await createChannel(settings.channels[0]!, settings, { HOOK_SECRET: secret });
    await channel.send(notification);
    const request = receiver.received.find((entry) => entry.path === '/hook')!;
    const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
    expect(headers['webhook-id']).toBe('alr_1.1');
    const verified = new Webhook(secret).verify(request.body, headers) as { type: string; data: { links: { account: Array<{ href: string }> } } };
    expect(verified.type).toBe('alert.created');
    expect(verified.data.links.account[0]!.href).toBe('https://mfa.example/api/v1/accounts?source=okta&search=user0%40example.com');
    expect(() => new Webhook(secret).verify(request.body.replace('40 accounts', '41 accounts'), headers)).toThrow();
  });

  it('posts Slack Block Kit and a Teams Adaptive Card', async () => {
    const settings = config([
      { id: 'slack', type: 'slack', url: { env: 'SLACK_URL' } },
      { id: 'teams', type: 'teams', url: { env: 'TEAMS_URL' } },
    ]);
    const env = { SLACK_URL: `${receiver.url}/slack`, TEAMS_URL: `${receiver.url}/teams?sig=secret-sig` };
    await (await createChannel(settings.channels[0]!, settings, env)).send(notification);
    await (await createChannel(settings.channels[1]!, settings, env)).send(notification);
    const slack = JSON.parse(receiver.received.find((entry) => entry.path === '/slack')!.body) as { text: string; blocks: Array<{ type: string }> };
    expect(slack.text).toBe('[critical] Bulk MFA unenrollment in okta: 40 accounts lost a factor');
    expect(slack.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'actions']);
    const teams = JSON.parse(receiver.received.find((entry) => entry.path.startsWith('/teams'))!.body) as { type: string; attachments: Array<{ contentType: string; content: { type: string; version: string; actions: unknown[] } }> };
    expect(teams.type).toBe('message');
    expect(teams.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.4' } });
  });

  it('classifies refusals without leaking the secret URL', async () => {
    const settings = config([{ id: 'slack', type: 'slack', url: { env: 'SLACK_URL' } }]);
    const channel = await createChannel(settings.channels[0]!, settings, { SLACK_URL: `${receiver.url}/T000/B000/XXXXsecretXXXX` });
    receiver.failNext(429, 500, 404, 410);
    const outcomes: Array<[boolean, number | undefined]> = [];
    for (let index = 0; index < 4; index += 1) {
      const error = (await channel.send(notification).catch((caught: unknown) => caught)) as DeliveryRefusedError;
      expect(error).toBeInstanceOf(DeliveryRefusedError);
      expect(error.message).not.toMatch(/secret/);
      outcomes.push([error.permanent, error.retryAfterMs]);
    }
    expect(outcomes).toEqual([
      [false, 1000],
      [false, undefined],
      [true, undefined],
      [true, undefined],
    ]);
  });

  it('sends email over SMTP to a local receiver', async () => {
    const smtp = await startSmtpReceiver();
    try {
      const settings = config([{ id: 'mail', type: 'email', host: '127.0.0.1', port: smtp.port, from: 'mfa@example.com', to: ['secops@example.com'] }]);
      const channel = await createChannel(settings.channels[0]!, settings, {});
      await channel.send(notification);
      await channel.close?.();
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.to).toEqual(['RCPT TO:<secops@example.com>']);
      expect(smtp.messages[0]!.data).toContain('Subject: [mfa-coverage critical] Bulk MFA unenrollment in okta');
      // The body is quoted-printable: undo soft line breaks and =XX escapes before reading it.
      const body = smtp.messages[0]!.data.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      expect(body).toContain('Alert: https://mfa.example/api/v1/alerts/alr_1');
      expect(body).toContain('user39@example.com: https://mfa.example/api/v1/accounts?source=okta&search=user39%40example.com');
    } finally {
      await smtp.close();
    }
  });

  it('appends OCSF Detection Findings with every required attribute', async () => {
    const file = path.join(directory, 'alerts.jsonl');
    const settings = config([{ id: 'siem', type: 'siem', file }]);
    const channel = await createChannel(settings.channels[0]!, settings, {});
    await channel.send(notification);
    await channel.send(buildNotification({ ...alert, revision: 2, severity: 'critical' }, 'https://mfa.example'));
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const requiredSchema = {
      type: 'object',
      required: ['activity_id', 'category_uid', 'class_uid', 'type_uid', 'time', 'severity_id', 'metadata', 'finding_info'],
      properties: {
        class_uid: { const: 2004 },
        category_uid: { const: 2 },
        severity_id: { enum: [1, 2, 3, 4, 5, 6, 99] },
        metadata: { type: 'object', required: ['product', 'version'] },
        finding_info: { type: 'object', required: ['uid', 'title'] },
      },
    };
    const validate = new Ajv({ strict: false }).compile(requiredSchema);
    for (const line of lines) expect(validate(line)).toBe(true);
    expect(lines.map((line) => line.type_uid)).toEqual([200401, 200402]);
    expect(lines[0]).toMatchObject({ severity_id: 5, is_alert: true, finding_info: { uid: 'alr_1' } });
  });
});
