import { describe, expect, it } from '@jest/globals';
import { normaliseEntraAudit } from '../../src/alerts/normalise/normalise-entra-audit.js';
import { normaliseOktaLogEvent } from '../../src/alerts/normalise/normalise-okta-log.js';
import { normaliseCloudTrailEvent } from '../../src/alerts/normalise/normalise-cloudtrail-event.js';
import { normaliseGoogleActivity } from '../../src/alerts/normalise/normalise-google-activity.js';
import { InputError } from '../../src/errors.js';
import { caPolicyJson, cloudTrailLookupEvent, entraDirectoryAudit, googleActivity, oktaLogEvent } from './fixtures/vendor-audit-records.js';

const user = { id: 'u-1', upn: 'alice@contoso.example' };

describe('Entra directoryAudits', () => {
  const cases: Array<[string, Record<string, unknown>, string | undefined, Partial<{ selfService: boolean; factorType: string; targetId: string }>]> = [
    [
      'admin deleted security info',
      entraDirectoryAudit({ id: 'e1', activityDisplayName: 'Admin deleted security info', target: user, additionalDetails: [{ key: 'AuthenticationMethod', value: 'PhoneAppNotification' }] }),
      'factor-removed',
      { selfService: false, factorType: 'PhoneAppNotification', targetId: 'u-1' },
    ],
    ['user deleted security info is self-service', entraDirectoryAudit({ id: 'e2', activityDisplayName: 'User deleted security info', initiatedBy: { userId: 'u-1', upn: user.upn }, target: user }), 'factor-removed', { selfService: true }],
    ['case-insensitive name', entraDirectoryAudit({ id: 'e3', activityDisplayName: 'Disable strong authentication', target: user, loggedByService: 'Core Directory' }), 'mfa-disabled-for-user', {}],
    [
      'update user clearing StrongAuthenticationRequirement',
      entraDirectoryAudit({
        id: 'e4',
        activityDisplayName: 'Update user',
        target: { ...user, modifiedProperties: [{ displayName: 'StrongAuthenticationRequirement', oldValue: '[{"RelyingParty":"*","State":1}]', newValue: '[]' }] },
      }),
      'mfa-disabled-for-user',
      {},
    ],
    ['update user of another attribute is not mapped', entraDirectoryAudit({ id: 'e5', activityDisplayName: 'Update user', target: { ...user, modifiedProperties: [{ displayName: 'DisplayName', oldValue: '["A"]', newValue: '["B"]' }] } }), undefined, {}],
    [
      'CA policy to report-only',
      entraDirectoryAudit({
        id: 'e6',
        activityDisplayName: 'Update conditional access policy',
        category: 'Policy',
        loggedByService: 'Conditional Access',
        target: { id: 'ca-require-mfa', type: 'Policy', displayName: 'Require MFA for all users', modifiedProperties: [{ displayName: 'ConditionalAccessPolicy', oldValue: caPolicyJson('enabled'), newValue: caPolicyJson('enabledForReportingButNotEnforced') }] },
      }),
      'policy-report-only',
      { targetId: 'ca-require-mfa' },
    ],
    [
      'CA policy disabled (doc spelling "Conditional Access policy")',
      entraDirectoryAudit({ id: 'e7', activityDisplayName: 'Update Conditional Access policy', target: { id: 'ca-1', type: 'Policy', modifiedProperties: [{ displayName: 'ConditionalAccessPolicy', oldValue: caPolicyJson('enabled'), newValue: caPolicyJson('disabled') }] } }),
      'policy-disabled',
      {},
    ],
    [
      'CA policy gains an exclusion',
      entraDirectoryAudit({ id: 'e8', activityDisplayName: 'Update conditional access policy', target: { id: 'ca-1', type: 'Policy', modifiedProperties: [{ displayName: 'ConditionalAccessPolicy', oldValue: caPolicyJson('enabled'), newValue: caPolicyJson('enabled', ['u-9']) }] } }),
      'policy-exclusion-added',
      {},
    ],
    ['CA policy deleted', entraDirectoryAudit({ id: 'e9', activityDisplayName: 'Delete conditional access policy', target: { id: 'ca-1', type: 'Policy', modifiedProperties: [{ displayName: 'ConditionalAccessPolicy', oldValue: caPolicyJson('enabled'), newValue: null }] } }), 'policy-deleted', {}],
    [
      'security defaults off',
      entraDirectoryAudit({ id: 'e10', activityDisplayName: 'Update security defaults', target: { id: 'sd', type: 'Policy', modifiedProperties: [{ displayName: 'IsEnabled', oldValue: 'true', newValue: 'false' }] } }),
      'enforcement-off',
      { targetId: 'identitySecurityDefaultsEnforcementPolicy' },
    ],
    [
      'number matching off',
      entraDirectoryAudit({
        id: 'e11',
        activityDisplayName: 'Authentication Methods Policy Update',
        target: {
          id: 'amp',
          type: 'Policy',
          modifiedProperties: [
            {
              displayName: 'AuthenticationMethodsPolicy',
              oldValue: JSON.stringify({ authenticationMethodConfigurations: [{ id: 'MicrosoftAuthenticator', state: 'enabled', featureSettings: { numberMatchingRequiredState: { state: 'enabled' } } }] }),
              newValue: JSON.stringify({ authenticationMethodConfigurations: [{ id: 'MicrosoftAuthenticator', state: 'enabled', featureSettings: { numberMatchingRequiredState: { state: 'disabled' } } }] }),
            },
          ],
        },
      }),
      'number-matching-off',
      {},
    ],
    [
      'SMS enabled in the methods policy',
      entraDirectoryAudit({
        id: 'e12',
        activityDisplayName: 'Authentication Methods Policy Update',
        target: { id: 'amp', type: 'Policy', modifiedProperties: [{ displayName: 'AuthenticationMethodsPolicy', oldValue: JSON.stringify({ authenticationMethodConfigurations: [{ id: 'Sms', state: 'disabled' }] }), newValue: JSON.stringify({ authenticationMethodConfigurations: [{ id: 'Sms', state: 'enabled' }] }) }] },
      }),
      'forbidden-factor-enabled',
      {},
    ],
    ['failed activity is dropped', entraDirectoryAudit({ id: 'e13', activityDisplayName: 'Admin deleted security info', result: 'failure', target: user }), undefined, {}],
    ['unmapped activity', entraDirectoryAudit({ id: 'e14', activityDisplayName: 'Add member to group', target: user }), undefined, {}],
  ];
  it.each(cases)('%s', (_name, record, kind, expected) => {
    const event = normaliseEntraAudit(record, 'entra-main');
    expect(event?.kind).toBe(kind);
    if (!event) return;
    expect(event).toMatchObject({ detector: 'audit-log', idp: 'entra', sourceId: 'entra-main', vendorEventId: record.id, occurredAt: '2026-12-06T10:00:00.000Z' });
    if (expected.selfService !== undefined) expect(event.selfService).toBe(expected.selfService);
    if (expected.factorType) expect(event.factorType).toBe(expected.factorType);
    if (expected.targetId) expect(event.target.id).toBe(expected.targetId);
  });

  it('names the record and field of a malformed audit', () => {
    expect(() => normaliseEntraAudit({ id: 'bad', activityDateTime: '2026-12-06T10:00:00Z' }, 'entra-main')).toThrow(InputError);
    expect(() => normaliseEntraAudit({ id: 'bad', activityDateTime: '2026-12-06T10:00:00Z' }, 'entra-main')).toThrow(/directoryAudit bad.*activityDisplayName/);
  });
});

describe('Okta System Log', () => {
  const userTarget = { id: '00u1', type: 'User', alternateId: 'bob@example.com' };
  const rule = (from: string, to: string) => ({
    id: '0pr1',
    type: 'PolicyRule',
    displayName: 'Catch-all rule',
    changeDetails: { from: { policyRuleActionJson: JSON.stringify({ appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: from, type: 'ASSURANCE' } } }) }, to: { policyRuleActionJson: JSON.stringify({ appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: to, type: 'ASSURANCE' } } }) } },
  });
  const cases: Array<[string, Record<string, unknown>, string | undefined]> = [
    ['factor deactivated by an admin', oktaLogEvent({ uuid: 'o1', eventType: 'user.mfa.factor.deactivate', targets: [userTarget], reason: 'User reset OKTA_VERIFY_PUSH factor' }), 'factor-removed'],
    ['reset_all (Classic)', oktaLogEvent({ uuid: 'o2', eventType: 'user.mfa.factor.reset_all', targets: [userTarget] }), 'all-factors-reset'],
    ['failed outcome dropped', oktaLogEvent({ uuid: 'o3', eventType: 'user.mfa.factor.deactivate', targets: [userTarget], result: 'FAILURE' }), undefined],
    ['policy deactivated', oktaLogEvent({ uuid: 'o4', eventType: 'policy.lifecycle.deactivate', targets: [{ id: '00p1', type: 'PolicyEntity', displayName: 'Global session policy' }] }), 'policy-disabled'],
    ['rule downgraded 2FA → 1FA', oktaLogEvent({ uuid: 'o5', eventType: 'policy.rule.update', targets: [{ id: '00p1', type: 'PolicyEntity' }, rule('2FA', '1FA')] }), 'policy-downgraded'],
    ['rule update without downgrade', oktaLogEvent({ uuid: 'o6', eventType: 'policy.rule.update', targets: [rule('2FA', '2FA')] }), 'policy-changed'],
    ['org authenticator deactivated', oktaLogEvent({ uuid: 'o7', eventType: 'security.authenticator.lifecycle.deactivate', targets: [{ id: 'aut1', type: 'Authenticator', displayName: 'Okta Verify' }] }), 'authenticator-deactivated'],
    ['unmapped type', oktaLogEvent({ uuid: 'o8', eventType: 'user.session.start', targets: [userTarget] }), undefined],
  ];
  it.each(cases)('%s', (_name, record, kind) => {
    const event = normaliseOktaLogEvent(record, 'okta');
    expect(event?.kind).toBe(kind);
    if (event) expect(event.vendorEventId).toBe(record.uuid);
  });

  it('reads the factor and the self-service flag', () => {
    const admin = normaliseOktaLogEvent(oktaLogEvent({ uuid: 'o9', eventType: 'user.mfa.factor.deactivate', targets: [userTarget], reason: 'User reset SMS factor' }), 'okta');
    expect(admin).toMatchObject({ factorType: 'SMS', selfService: false, target: { id: '00u1', login: 'bob@example.com' } });
    const self = normaliseOktaLogEvent(oktaLogEvent({ uuid: 'o10', eventType: 'user.mfa.factor.deactivate', actor: { id: '00u1', alternateId: 'bob@example.com' }, targets: [userTarget] }), 'okta');
    expect(self?.selfService).toBe(true);
  });
});

describe('CloudTrail LookupEvents', () => {
  it('maps DeactivateMFADevice of another user', () => {
    const event = normaliseCloudTrailEvent(cloudTrailLookupEvent({ eventId: 'c1', eventName: 'DeactivateMFADevice', requestParameters: { userName: 'carol', serialNumber: 'arn:aws:iam::123456789012:mfa/carol' } }), 'aws.123456789012');
    expect(event).toMatchObject({ kind: 'factor-removed', idp: 'aws', target: { id: 'arn:aws:iam::123456789012:user/carol', login: 'carol' }, actor: { login: 'admin' }, selfService: false });
  });
  it('maps a root MFA removal to the root principal', () => {
    const event = normaliseCloudTrailEvent(
      cloudTrailLookupEvent({
        eventId: 'c2',
        eventName: 'DeactivateMFADevice',
        identity: { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012' },
        requestParameters: { serialNumber: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device' },
      }),
      'aws.123456789012',
    );
    expect(event).toMatchObject({ target: { id: 'arn:aws:iam::123456789012:root', login: 'root' }, actor: { type: 'root' } });
  });
  it('drops a failed call and unmapped names', () => {
    expect(normaliseCloudTrailEvent(cloudTrailLookupEvent({ eventId: 'c3', eventName: 'DeactivateMFADevice', requestParameters: { userName: 'x' }, errorCode: 'AccessDenied' }), 'aws')).toBeUndefined();
    expect(normaliseCloudTrailEvent(cloudTrailLookupEvent({ eventId: 'c4', eventName: 'ListUsers' }), 'aws')).toBeUndefined();
  });
  it('rejects a CloudTrailEvent that is not JSON, naming the event', () => {
    expect(() => normaliseCloudTrailEvent({ ...cloudTrailLookupEvent({ eventId: 'c5', eventName: 'DeactivateMFADevice' }), CloudTrailEvent: '{' }, 'aws')).toThrow(/c5.*not JSON/);
  });
});

describe('Google Reports activities', () => {
  it('maps a user 2SV disable', () => {
    const events = normaliseGoogleActivity(googleActivity({ uniqueQualifier: '-1', applicationName: 'user_accounts', actor: { email: 'dan@example.com', profileId: '1002' }, events: [{ type: '2sv_change', name: '2sv_disable' }] }), 'google');
    expect(events).toEqual([expect.objectContaining({ kind: 'mfa-disabled-for-user', vendorEventId: '-1:0', target: { id: '1002', login: 'dan@example.com', type: 'user' }, selfService: true })]);
  });
  it('maps enforcement off for an OU and ignores turning it on', () => {
    const activity = googleActivity({
      uniqueQualifier: '77',
      applicationName: 'admin',
      events: [
        { type: 'SECURITY_SETTINGS', name: 'ENFORCE_STRONG_AUTHENTICATION', parameters: [{ name: 'ORG_UNIT_NAME', value: '/Sales' }, { name: 'OLD_VALUE', value: 'true' }, { name: 'NEW_VALUE', value: 'false' }] },
        { type: 'SECURITY_SETTINGS', name: 'ENFORCE_STRONG_AUTHENTICATION', parameters: [{ name: 'ORG_UNIT_NAME', value: '/IT' }, { name: 'OLD_VALUE', value: 'false' }, { name: 'NEW_VALUE', value: 'true' }] },
      ],
    });
    const events = normaliseGoogleActivity(activity, 'google');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'enforcement-off', vendorEventId: '77:0', target: { id: '/Sales', type: 'org-unit' } });
  });
  it('rejects an activity without id', () => {
    expect(() => normaliseGoogleActivity({ kind: 'admin#reports#activity', events: [] }, 'google')).toThrow(InputError);
  });
});
