// Integration tests need the real broker and database: make sure both answer before any suite runs.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  if (process.env.MATE_SKIP_INFRA_UP === '1') return;
  execFileSync('bash', [path.join(__dirname, '../../tools/infra/infra.sh'), 'up'], { stdio: 'inherit' });
};
