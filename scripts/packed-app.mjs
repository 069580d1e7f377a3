// An app that installed this package as a user does: `npm pack` of the built package (no prepack:
// `npm test` has just built dist/, and a build would print into pack's JSON), then `npm install`
// of the tarball into an empty ES-module app. For `npm run check:package` and the runtime smoke.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * Packs the package into `work` and installs the tarball into `work/app`, a private ES-module
 * package named `name`. Answers the app's directory. `log` is told each npm command.
 */
export function installPacked(work, name, log = () => {}) {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run npm run build first');
  const npm = (args, cwd) => {
    const line = ['npm', ...args, '--no-audit', '--no-fund', '--loglevel=error'];
    log(`$ ${line.join(' ')}${cwd === root ? '' : `   (in ${cwd})`}`);
    return execFileSync(line[0], line.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  };
  const tarball = join(work, JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], root))[0].filename);
  const app = join(work, 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  npm(['install', tarball], app);
  return app;
}
