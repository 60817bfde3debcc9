/** The identity providers mfa-coverage can scan. */
export const identityProviderIds = ['entra', 'okta', 'aws', 'google'] as const;
export type IdentityProviderId = (typeof identityProviderIds)[number];
