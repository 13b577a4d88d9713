import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
{%- if values.database %}

const base = { DATABASE_URL: 'postgres://app@localhost:5432/app' };
{%- else %}

const base = {};
{%- endif %}

describe('loadConfig', () => {
  it('has defaults', () => {
    const config = loadConfig({ ...base });
    assert.equal(config.port, 8080);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.serviceName, '${{ values.name }}');
    assert.equal(config.shutdownTimeoutMs, 20000);
  });

  it('reads the environment', () => {
    const config = loadConfig({ ...base, PORT: '9090', LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '3000' });
    assert.equal(config.port, 9090);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.shutdownTimeoutMs, 3000);
  });

  it('refuses bad values', () => {
    assert.throws(() => loadConfig({ ...base, PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ ...base, LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
  });
{%- if values.database %}

  it('requires DATABASE_URL', () => {
    assert.throws(() => loadConfig({}), /DATABASE_URL/);
  });
{%- endif %}
});
