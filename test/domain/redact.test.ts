// A store URL or a driver's message never shows a password.
import { describe, expect, it } from '@jest/globals';
import { displayUrl, redactSecrets } from '../../infra/redact.js';

describe('redactSecrets', () => {
  it('given a PostgreSQL URL with a password, then only the password is hidden', () => {
    expect(displayUrl('postgres://ledger:s3cr%21t@db:5432/ledger')).toBe(
      'postgres://ledger:***@db:5432/ledger',
    );
  });

  it('given an EventStoreDB cluster string inside an error, then its credentials are hidden', () => {
    expect(
      redactSecrets('connect failed: esdb://admin:changeit@n1:2113,n2:2113?tls=false (timeout)'),
    ).toBe('connect failed: esdb://admin:***@n1:2113,n2:2113?tls=false (timeout)');
  });

  it('given a key-value connection string, then the password value is hidden', () => {
    expect(redactSecrets('host=db user=ledger password=hemligt dbname=x')).toBe(
      'host=db user=ledger password=*** dbname=x',
    );
  });

  it('given a URL without a password, then it is unchanged', () => {
    expect(displayUrl('sqlite:./data/ledger.db')).toBe('sqlite:./data/ledger.db');
  });
});
