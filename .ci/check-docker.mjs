// Checks the Docker image without a Docker engine: assembles the build context the Dockerfile
// describes (only what its COPY lines copy), runs its RUN steps there, copies what the final stage
// takes from the build stage, and runs the image's command against the broker at AMQP_URL. Then
// validates docker-compose.yml with docker-compose when it is installed.
// Supports what our Dockerfile uses: FROM ... [AS name], WORKDIR, COPY [--from=stage], RUN, ENV, ENTRYPOINT/CMD (JSON form).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'fnsync-docker-'));
const stages = new Map(); // name or index -> { dir, workdir, env, entrypoint, cmd }
let stage;
const step = (text) => console.log(`docker check: ${text}`);
const fail = (text) => {
  console.error(`docker check FAILED: ${text}`);
  process.exit(1);
};

try {
  const lines = readFileSync(join(repo, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of lines) {
    const [instruction = '', ...rest] = line.split(/\s+/);
    const args = line.slice(instruction.length).trim();
    switch (instruction.toUpperCase()) {
      case 'FROM': {
        const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.size);
        stage = { dir: join(root, `stage-${stages.size}`), workdir: '/', env: {}, entrypoint: [], cmd: [] };
        mkdirSync(stage.dir, { recursive: true });
        stages.set(name, stage);
        step(`stage ${name} (${rest[0]})`);
        break;
      }
      case 'WORKDIR':
        stage.workdir = args;
        mkdirSync(join(stage.dir, args), { recursive: true });
        break;
      case 'ENV': {
        const [key, ...value] = args.split('=');
        stage.env[key] = value.join('=');
        break;
      }
      case 'COPY': {
        const from = /^--from=(\S+)\s+/.exec(args);
        const parts = (from ? args.slice(from[0].length) : args).split(/\s+/);
        const dest = parts.pop();
        const base = from ? join(stages.get(from[1])?.dir ?? fail(`no stage ${from[1]}`), '/') : repo;
        const target = join(stage.dir, dest.startsWith('/') ? dest : join(stage.workdir, dest));
        for (const source of parts) {
          const path = join(base, source);
          if (!existsSync(path)) fail(`COPY ${source}: not in the ${from ? `stage ${from[1]}` : 'build context'}`);
          const into = dest.endsWith('/') ? join(target, source.split('/').at(-1)) : target;
          cpSync(path, into, { recursive: true });
        }
        break;
      }
      case 'RUN': {
        step(`RUN ${args}`);
        const ran = spawnSync('sh', ['-c', args], {
          cwd: join(stage.dir, stage.workdir),
          stdio: 'inherit',
          env: { ...process.env, ...stage.env },
        });
        if (ran.status !== 0) fail(`RUN ${args} exited with ${ran.status}`);
        break;
      }
      case 'ENTRYPOINT':
        stage.entrypoint = JSON.parse(args);
        break;
      case 'CMD':
        stage.cmd = JSON.parse(args);
        break;
      default:
        fail(`the check does not know the instruction ${instruction}`);
    }
  }
  // The image's own command, as compose runs it, against the broker at AMQP_URL.
  const [program, ...command] = [...stage.entrypoint, ...stage.cmd];
  step(`the image's command: ${program} ${command.join(' ')}`);
  const ran = spawnSync(program, command, { cwd: join(stage.dir, stage.workdir), stdio: 'inherit', env: { ...process.env, ...stage.env } });
  if (ran.status !== 0) fail(`the image's command exited with ${ran.status}`);
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) {
    step('docker-compose config');
    execFileSync('docker-compose', ['-f', join(repo, 'docker-compose.yml'), 'config', '-q'], { stdio: 'inherit' });
  } else {
    fail('docker-compose is not installed: the compose file is not validated (apt-get install docker-compose)');
  }
  step('passed');
} finally {
  rmSync(root, { recursive: true, force: true });
}
