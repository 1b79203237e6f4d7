// Writes docs/connectors-mapping.md from the unified mapping declarations.
//   npm run docs:connectors-mapping
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAPPING_DOC_PATH, renderMappingDocs } from './unified';

writeFileSync(resolve(__dirname, '../../..', MAPPING_DOC_PATH), renderMappingDocs());
console.log(`wrote ${MAPPING_DOC_PATH}`);
