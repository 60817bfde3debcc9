/**
 * The provisions finding rules may cite, with what each asks for. A rule citing anything else fails its test, so a
 * typo ("CIR 11.7" without the regulation, "Art 21") cannot reach a report. Points of the annex of Commission
 * Implementing Regulation (EU) 2024/2690 are cited to the most specific point that applies.
 */
export const findingReferences = {
  'NIS2 Art.21(2)(d)': 'Supply chain security, including the security of relationships with direct suppliers and service providers.',
  'NIS2 Art.21(2)(i)': 'Human resources security, access control policies and asset management.',
  'NIS2 Art.21(2)(j)': 'Multi-factor authentication or continuous authentication solutions.',
  'CIR 2024/2690 11.3': 'Privileged accounts and system administration accounts: strong authentication, dedicated accounts, restricted privileges.',
  'CIR 2024/2690 11.5.1': 'Manage the full life cycle of identities of systems and their users.',
  'CIR 2024/2690 11.5.2(a)': 'Set up unique identities for systems and their users.',
  'CIR 2024/2690 11.5.2(b)': 'Link the identity of users to a single person.',
  'CIR 2024/2690 11.5.2(c)': 'Ensure oversight of identities.',
  'CIR 2024/2690 11.5.3': 'Identities assigned to several persons (shared identities) only where necessary, explicitly approved and documented.',
  'CIR 2024/2690 11.5.4': 'Review identities regularly and deactivate those no longer needed without delay.',
  'CIR 2024/2690 11.6.1': 'Secure authentication procedures and technologies, based on access restrictions and the access control policy.',
  'CIR 2024/2690 11.6.2(a)': 'Strength of authentication appropriate to the classification of the asset accessed.',
  'CIR 2024/2690 11.6.2(b)': 'Controlled allocation and management of secret authentication information.',
  'CIR 2024/2690 11.6.2(c)': 'Change of authentication credentials initially, at predefined intervals and on suspicion of compromise.',
  'CIR 2024/2690 11.6.2(e)': 'Terminate inactive sessions after a predefined period of inactivity.',
  'CIR 2024/2690 11.6.2(f)': 'Separate credentials for privileged access or administrative accounts.',
  'CIR 2024/2690 11.6.3': 'State-of-the-art authentication methods, in line with the assessed risk and the classification of the asset.',
  'CIR 2024/2690 11.6.4': 'Review of authentication procedures and technologies at planned intervals.',
  'CIR 2024/2690 11.7.1': 'Users authenticated by multiple factors or continuous authentication where appropriate to the asset.',
  'CIR 2024/2690 11.7.2': 'Strength of multi-factor authentication appropriate to the classification of the asset accessed.',
  'CIS AWS Foundations 1.4': 'No access keys for the root user.',
  'CIS AWS Foundations 1.5': 'MFA enabled for the root user.',
  'CIS AWS Foundations 1.6': 'Hardware MFA for the root user.',
  'CIS AWS Foundations 1.7': 'Eliminate use of the root user for administrative and daily tasks.',
  'CIS AWS Foundations 1.10': 'MFA enabled for every IAM user with a console password.',
  'CIS AWS Foundations 1.12': 'Credentials unused for 45 days or more disabled.',
  'CIS AWS Foundations 1.14': 'Access keys rotated every 90 days or less.',
} as const satisfies Record<string, string>;

export type FindingReference = keyof typeof findingReferences;

export function isFindingReference(reference: string): reference is FindingReference {
  return Object.hasOwn(findingReferences, reference);
}
