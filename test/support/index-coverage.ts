// Every query a test's service sends is checked against the indexes the schemas declare (what a real
// MongoDB would use); a filter none of them serves fails the file when its service stops.
import { appendFileSync } from 'node:fs';
import mongoose from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';
import { declaredIndexLeads, unservedQueries, type QueryShape } from '../../src/infra/index-coverage.js';

export function watchIndexCoverage(): { stopWatching(): void; assertAllServed(): void } {
  const client = mongoose.connection.getClient();
  const leads = declaredIndexLeads();
  const unserved = new Map<string, QueryShape>();
  const listener = (event: CommandStartedEvent) => {
    for (const q of unservedQueries(event.command, leads))
      unserved.set(`${q.collection} ${q.command} ${q.shape}`, q);
  };
  client.on('commandStarted', listener);
  return {
    stopWatching: () => client.off('commandStarted', listener),
    assertAllServed() {
      if (!unserved.size) return;
      const lines = [...unserved.keys()];
      if (process.env.INDEX_COVERAGE_LOG) {
        appendFileSync(process.env.INDEX_COVERAGE_LOG, lines.join('\n') + '\n');
        return;
      }
      throw new Error(`queries no declared index serves (a real MongoDB would scan):\n${lines.join('\n')}`);
    },
  };
}
