import { jest } from '@jest/globals';
import { verifyToken } from '../../src/auth/signed-token.js';
import { registerTokenCommand } from '../../src/cli/commands/token.command.js';
import { createProgram, runCli } from '../../src/cli/program.js';

const SECRET = 'cli-token-secret-0123456789abcdefghij';

// `tailor token` through the real commander program; only the process streams are captured.
describe('tailor token', () => {
  const saved = process.env.ADMIN_TOKEN_SECRET;
  let out: string;
  let err: string;
  beforeEach(() => {
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((t: string | Uint8Array) => ((out += String(t)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((t: string | Uint8Array) => ((err += String(t)), true));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (saved === undefined) delete process.env.ADMIN_TOKEN_SECRET;
    else process.env.ADMIN_TOKEN_SECRET = saved;
  });
  const run = (...argv: string[]) =>
    runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) }, createProgram([registerTokenCommand]));

  it('prints only a token the service accepts, with the requested role, subject and lifetime', async () => {
    process.env.ADMIN_TOKEN_SECRET = SECRET;
    const before = Math.floor(Date.now() / 1000);
    expect(await run('token', '--role', 'admin', '--ttl', '3600', '--sub', 'ops')).toBe(0);
    const token = out.trim();
    expect(out).toBe(`${token}\n`);
    const check = verifyToken(token, SECRET);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.claims).toMatchObject({ sub: 'ops', role: 'admin' });
    expect(check.claims.exp - check.claims.iat).toBe(3600);
    expect(check.claims.iat).toBeGreaterThanOrEqual(before);
    expect(err).toMatch(/^admin token for "ops", expires \d{4}-/);
  });

  it('fails with a usage error when the secret is missing, and on a bad role or ttl', async () => {
    delete process.env.ADMIN_TOKEN_SECRET;
    expect(await run('token')).toBe(2);
    expect(err).toMatch(/ADMIN_TOKEN_SECRET is not set/);
    expect(out).toBe('');
    process.env.ADMIN_TOKEN_SECRET = SECRET;
    expect(await run('token', '--role', 'root')).toBe(2);
    expect(await run('token', '--ttl', '0')).toBe(2);
    expect(out).toBe('');
  });
});
