// What a route module needs of the server: the ledger, and the guard and principal of access.ts,
// so every route group authenticates and answers like every other.
import type { Ledger } from '../ledger.js';
import type { Access } from './access.js';

export interface RouteKit extends Access {
  ledger: Ledger;
}
