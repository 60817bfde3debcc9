/**
 * bull-board at /admin/queues, for `admin` tokens only. Its browser app cannot send a bearer header, so its
 * routes are marked `session`: the cookie of `POST /v1/session`, plus the CSRF header on any state-changing
 * request (see dashboard-session.ts). "Dashboard access is Redis access": it can retry, remove and clean jobs.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { ApiApp, ApiDependencies } from '../api-dependencies.js';

export const queueDashboardPath = '/admin/queues';

export async function registerQueueDashboard(app: ApiApp, deps: ApiDependencies): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(queueDashboardPath);
  createBullBoard({
    queues: deps.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'mfa-coverage queues' } },
  });
  await app.register(async (dashboard) => {
    // Every route bull-board registers below (pages, static files, its JSON API) needs the admin session.
    dashboard.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), auth: { kind: 'session' } };
    });
    await dashboard.register(serverAdapter.registerPlugin(), { prefix: queueDashboardPath });
  });
}
