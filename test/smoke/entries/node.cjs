// Node as CommonJS: both entries through require (the package's CJS build); the shared smoke
// itself is ESM, loaded with import().
const sdk = require('waldur-project-credits');
const testing = require('waldur-project-credits/testing');

const config = JSON.parse(process.env.WALDUR_SMOKE_CONFIG);
import('./smoke.mjs')
  .then(({ runSmoke }) => runSmoke({ sdk, testing, config, report: (result) => console.log(`SMOKE ${JSON.stringify(result)}`) }))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
