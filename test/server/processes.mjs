// Real processes for the server tests: a redis-server per suite (Debian's package, as .ci/run installs it), and the
// teams-call-button-server bin, run as an operator runs it and read through its JSON log lines.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../dist/server/cli.js', import.meta.url));

export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(condition, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const answers = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end('PING\r\n'));
    socket.once('data', (data) => resolve(String(data).startsWith('+PONG')));
    socket.once('error', () => resolve(false));
  });

/** A throwaway redis-server on loopback, with no persistence; `restart()` brings it back empty on the same port. */
export async function startRedis() {
  const port = await freePort();
  const redis = { port, url: `redis://127.0.0.1:${port}`, process: undefined };
  redis.start = async () => {
    redis.process = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await new Promise((resolve, reject) => {
      redis.process.once('spawn', resolve);
      redis.process.once('error', (error) =>
        reject(new Error(`redis-server could not start (apt-get install redis-server): ${error.message}`)),
      );
    });
    await until(() => answers(port), 'redis-server to answer');
  };
  redis.stop = async () => {
    const child = redis.process;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
  };
  await redis.start();
  return redis;
}

/**
 * Runs the bin (dist's, or an installed one) with `env` and nothing else from this process's environment but PATH.
 * Resolves once it listens, with its port, its parsed log lines, and `stop(signal)` that resolves to its exit code.
 */
export async function startServer(env, { bin = BIN } = {}) {
  const child = spawnBin(env, bin);
  const server = { process: child, logs: child.logs, port: undefined };
  await until(
    () => child.exitCode !== null || child.logs.some((line) => line.message === 'listening'),
    'the server to listen',
    10_000,
  );
  if (child.exitCode !== null) throw new Error(`the server exited: ${JSON.stringify(child.logs)}`);
  server.port = child.logs.find((line) => line.message === 'listening').port;
  server.stop = (signal = 'SIGTERM') =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    });
  return server;
}

/** Runs the bin until it exits by itself (a configuration it refuses): its exit code and log lines. */
export async function runUntilExit(env) {
  const child = spawnBin(env);
  const code = await new Promise((resolve) => child.once('exit', resolve));
  return { code, logs: child.logs, output: child.output() };
}

function spawnBin(env, bin = BIN) {
  // A path that is not a .js file is an installed bin (a symlink with a shebang): run it as a shell would.
  const [command, args] = bin.endsWith('.js') ? [process.execPath, [bin]] : [bin, []];
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.logs = [];
  let raw = '';
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.on('data', (chunk) => {
      raw += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        try {
          child.logs.push(JSON.parse(line));
        } catch {
          child.logs.push({ unstructured: line });
        }
      }
    });
  }
  child.output = () => raw;
  return child;
}
