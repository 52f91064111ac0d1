/**
 * Debian's nginx in front of service instances, for tests: one process (no master, no daemon),
 * its files in a temporary directory, round-robin over the given upstreams, websockets passed
 * through. A minimal config of its own (plain HTTP, round robin, next upstream on error) so the test can stop an instance mid-upload; deploy/nginx/notary.conf is tested by proxy.e2e-spec.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTool, waitFor, type Running } from './process.js';
import { freePort } from './scratch.js';

export interface Proxy {
  url: string;
  stop(): Promise<void>;
}

export async function startNginx(upstreams: string[]): Promise<Proxy> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nginx-'));
  const port = await freePort();
  const conf = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream service { ${upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=30s;`).join(' ')} }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 16m;
    location / {
      proxy_pass http://service;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # Chunks stream to the service, which reads them only after authorising the caller.
      proxy_request_buffering off;
      # Playback streams too, and its Range header reaches the service untouched.
      proxy_buffering off;
      proxy_read_timeout 3600s;
      # A GET may go to the other instance when one is down; a POST is never replayed (the client retries).
      proxy_next_upstream error timeout;
    }
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  const nginx: Running = runTool('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (nginx.child.exitCode !== null) throw new Error(`nginx exited: ${nginx.output()}`);
    return (await fetch(`${url}/api/health`).catch(() => undefined))?.status ? true : undefined;
  }, 30_000);
  return {
    url,
    async stop() {
      nginx.child.kill('SIGTERM');
      await nginx.exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
