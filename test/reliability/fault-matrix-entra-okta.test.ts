/** The fault matrix (fault-matrix-table.ts), Entra and Okta rows; the other half runs beside it in its own worker. */
import { describeFaultMatrix } from './fault-matrix-run.js';

describe('the fault matrix: Entra and Okta', () => {
  describeFaultMatrix(['entra', 'okta']);
});
