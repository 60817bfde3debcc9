/**
 * The awsQuery wire format IAM and STS answer in: `<ActionResponse><ActionResult>…</ActionResult>
 * <ResponseMetadata>…</ResponseMetadata></ActionResponse>`, lists as `<member>` elements, maps as
 * `<entry><key/><value/></entry>`, and errors as `<ErrorResponse><Error><Type/><Code/><Message/></Error>`.
 */
const namespaces = { iam: 'https://iam.amazonaws.com/doc/2010-05-08/', sts: 'https://sts.amazonaws.com/doc/2011-06-15/' } as const;
export type QueryService = keyof typeof namespaces;

/** Fields serialised as awsQuery maps rather than structures. */
const mapFields = new Set(['SummaryMap']);

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((item) => element('member', item)).join('')}</${name}>`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (mapFields.has(name)) {
      return `<${name}>${entries.map(([key, item]) => `<entry><key>${escapeXml(key)}</key>${element('value', item)}</entry>`).join('')}</${name}>`;
    }
    return `<${name}>${entries.map(([key, item]) => element(key, item)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function queryResponse(service: QueryService, action: string, result: Record<string, unknown>, requestId: string): string {
  const body = Object.entries(result)
    .map(([key, value]) => element(key, value))
    .join('');
  return `<${action}Response xmlns="${namespaces[service]}"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function queryError(service: QueryService, code: string, message: string, requestId: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return `<ErrorResponse xmlns="${namespaces[service]}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
