// 200 simulated calls in a row on one element, and 200 on fresh elements: nothing may stay behind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureLeaks, openLeakPage } from '../../scripts/leaks.mjs';
import { demoAndBrowser } from './demo-server.mjs';

describe('leaks', { timeout: 180_000 }, () => {
  const running = demoAndBrowser();

  it('leaves no listener and no element behind after 200 calls on one element and on 200 fresh ones', async () => {
    const page = await openLeakPage(running.browser, running.demo.origin);
    const runs = await measureLeaks(page, 200);
    for (const run of runs) {
      console.log(
        `leaks, ${run.calls} calls on ${run.name}: ${run.seconds.toFixed(1)} s, window listeners +${run.windowListeners}, ` +
          `elements left ${run.elementsLeft}, heap after GC ${run.heapGrowthKb >= 0 ? '+' : ''}${run.heapGrowthKb} KB`,
      );
      assert.equal(run.windowListeners, 0, `${run.name}: window listeners`);
      assert.equal(run.elementsLeft, 0, `${run.name}: elements`);
    }
  });
});
