// Runs the event store contract against every back end that is available here. Which
// ones are is decided before any test is registered (top-level await), so a missing
// back end shows up as skipped tests with a printed reason, never as passes.
import { MemoryEventStore } from '../../infra/eventstore/memory.js';
import { eventStoreContract, type EventStoreFixture } from './eventstore.contract.js';
import { esdbBackend, postgresBackend, sqliteBackend, type Backend } from './backends.js';

const memory: Backend = { name: 'memory', fixture: { open: async () => new MemoryEventStore() } };
const backends: Backend[] = [memory, sqliteBackend(), await postgresBackend(), await esdbBackend()];

const unavailable: EventStoreFixture = {
  open: () => Promise.reject(new Error('back end not available')),
};

for (const backend of backends) {
  if ('skip' in backend) {
    console.warn(`SKIPPED ${backend.name} contract suite: ${backend.skip}`);
    describe.skip(`${backend.name} event store`, () => eventStoreContract(unavailable));
  } else {
    describe(`${backend.name} event store`, () => {
      afterAll(async () => backend.release?.());
      eventStoreContract(backend.fixture);
    });
  }
}
