/** Placeholder replaced by the Graph collector (owned by the collector work). */
import type { CollectContext } from '../connector.js';
import type { SourceRecorder } from '../../snapshot/snapshot-writer.js';
import type { EntraConfig } from './entra-config.js';

export async function collectEntra(_config: EntraConfig, _recorder: SourceRecorder, _context: CollectContext): Promise<void> {
  throw new Error('collectEntra: pending');
}
