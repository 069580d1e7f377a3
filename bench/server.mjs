// A minimal Waldur-like list endpoint on 127.0.0.1 for benchmarks: realistic credits, Django
// paging (X-Result-Count, Link, 404 past the end, page_size capped at 300) and a fixed latency.
import { createServer } from 'node:http';

const hex = (i) => i.toString(16).padStart(32, '0');

/** A credit as a real server renders it (hex UUIDs, decimals as strings). */
export function credit(i, origin) {
  return {
    uuid: hex(i),
    url: `${origin}/api/project-credits/${hex(i)}/`,
    value: `${(i * 37) % 100000}.${String(i % 100000).padStart(5, '0')}`,
    project: `${origin}/api/projects/${hex(1_000_000 + i)}/`,
    project_name: `Project ${i}`,
    project_uuid: hex(1_000_000 + i),
    project_slug: `project-${i}`,
    // Five organizations, as a staff user's list mixes them.
    customer_name: `Organization ${i % 5}`,
    customer_slug: `org-${i % 5}`,
    customer_uuid: hex(42 + (i % 5)),
    customer_credit: `${250000 + (i % 5) * 1000}.00000`,
    allocated_customer_credit: 1484.66789 + (i % 5),
    consumption_last_month: '123.45000',
    offerings: [{ uuid: hex(7), url: `${origin}/api/marketplace-public-offerings/${hex(7)}/`, type: 'OpenStack.Tenant', name: 'HPC' }],
    end_date: '2027-06-30',
    expected_consumption: '250.00000',
    minimal_consumption: 12.5,
    minimal_consumption_logic: 'linear',
    grace_coefficient: '10.00000',
    apply_as_minimal_consumption: true,
    mark_unused_credit_as_spent_on_project_termination: false,
  };
}

/** Starts the server; resolves to `{ origin, close, setLatency }`. */
export async function startServer({ count, latencyMs = 0 }) {
  let latency = latencyMs;
  let origin = '';
  const bodies = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url, origin);
    // Either UUID form, as Waldur routes both.
    const single = /^\/api\/project-credits\/([0-9a-f-]{32,36})\/$/.exec(url.pathname);
    const answer = () => {
      if (single) {
        const body = JSON.stringify(credit(parseInt(single[1].replaceAll('-', ''), 16), origin));
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        return res.end(body);
      }
      const page = Number(url.searchParams.get('page') ?? 1);
      const size = Math.min(Number(url.searchParams.get('page_size') ?? 10), 300);
      const pages = Math.max(1, Math.ceil(count / size));
      if (page > pages) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        return res.end('{"detail":"Invalid page."}');
      }
      const key = `${page}/${size}`;
      if (!bodies.has(key)) {
        const items = [];
        for (let i = (page - 1) * size + 1; i <= Math.min(count, page * size); i++) items.push(credit(i, origin));
        bodies.set(key, JSON.stringify(items));
      }
      const link = (p) => `<${origin}/api/project-credits/?page=${p}&page_size=${size}>`;
      const rels = [`${link(1)}; rel="first"`, `${link(pages)}; rel="last"`];
      if (page < pages) rels.push(`${link(page + 1)}; rel="next"`);
      const body = bodies.get(key);
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'X-Result-Count': String(count),
        Link: rels.join(', '),
      });
      res.end(body);
    };
    if (latency > 0) setTimeout(answer, latency);
    else answer();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    setLatency: (ms) => (latency = ms),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Runs the server in a child process, so that its CPU work is not charged to the client being
 * measured (the machine has more than one core). Resolves to `{ origin, close }`.
 */
export async function startServerProcess({ count, latencyMs = 0 }) {
  const { fork } = await import('node:child_process');
  const child = fork(new URL(import.meta.url).pathname, ['--serve', String(count), String(latencyMs)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const origin = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { origin, close: () => new Promise((resolve) => (child.once('exit', resolve), child.kill())) };
}

if (process.argv[2] === '--serve') {
  const server = await startServer({ count: Number(process.argv[3]), latencyMs: Number(process.argv[4]) });
  process.send(server.origin);
  // Ends with the benchmark, however the benchmark ends (the IPC channel closes).
  process.on('disconnect', () => process.exit(0));
}
