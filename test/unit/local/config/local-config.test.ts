import { describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../../../local/config/local-config.ts';
import { ConfigurationError } from '../../../../shared/errors/errors.ts';

describe('embedded default configuration', () => {
  it('has the embedded defaults', () => {
    expect(loadLocalConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      DATA_DIR: './.data',
      TABLE_NAME: 'carbon-labels',
      DEFAULT_VALIDITY_DAYS: 365,
    });
  });

  it('derives PUBLIC_BASE_URL from PORT and strips a trailing slash when given', () => {
    expect(loadLocalConfig({ PORT: '8080' }).PUBLIC_BASE_URL).toBe('http://localhost:8080');
    expect(loadLocalConfig({ PUBLIC_BASE_URL: 'https://labels.example.com/' }).PUBLIC_BASE_URL).toBe('https://labels.example.com');
  });

  it('treats empty optional variables as unset', () => {
    expect(loadLocalConfig({ ADMIN_TOKEN: '', AWS_ENDPOINT_URL_DYNAMODB: ' ' })).toMatchObject({
      ADMIN_TOKEN: undefined,
      AWS_ENDPOINT_URL_DYNAMODB: undefined,
    });
  });

  it('names every bad variable in one clear message', () => {
    let error: unknown;
    try {
      loadLocalConfig({ PORT: 'eighty', PUBLIC_BASE_URL: 'ftp://x', ADMIN_TOKEN: 'short', TABLE_NAME: 'a b' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'PUBLIC_BASE_URL', 'ADMIN_TOKEN', 'TABLE_NAME']) expect(message).toContain(name);
    expect((error as ConfigurationError).issues.map((i) => i.path).sort()).toEqual(['ADMIN_TOKEN', 'PORT', 'PUBLIC_BASE_URL', 'TABLE_NAME']);
  });
});
