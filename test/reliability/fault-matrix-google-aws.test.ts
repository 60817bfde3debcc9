/** The fault matrix (fault-matrix-table.ts), Google and AWS rows; the other half runs beside it in its own worker. */
import { describeFaultMatrix } from './fault-matrix-run.js';

describe('the fault matrix: Google and AWS', () => {
  describeFaultMatrix(['google', 'aws']);
});
