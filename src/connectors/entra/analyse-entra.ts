/** Placeholder replaced by the Entra analysis (owned by the evaluation work). */
import type { AnalyseContext, SourceAnalysis } from '../connector.js';
import type { RawSource } from '../../snapshot/snapshot-reader.js';

export async function analyseEntra(_source: RawSource, _context: AnalyseContext): Promise<SourceAnalysis> {
  throw new Error('analyseEntra: pending');
}
