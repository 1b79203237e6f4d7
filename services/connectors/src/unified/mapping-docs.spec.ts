import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAPPING_DOC_PATH, renderMappingDocs } from './mapping-docs';

describe('docs/connectors-mapping.md', () => {
  it('is what the mapping declarations generate (run `npm run docs:connectors-mapping` after changing one)', () => {
    const committed = readFileSync(resolve(__dirname, '../../../..', MAPPING_DOC_PATH), 'utf8');
    expect(committed).toBe(renderMappingDocs());
  });

  it('documents every system field by field', () => {
    const doc = renderMappingDocs();
    expect(doc).toContain('| `status` | `statusID` | string | codes: `0`→open');
    expect(doc).toContain('Collection `API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder`');
    expect(doc).toContain('Sync: `full_scan`, deletes `full_scan_compare`');
  });
});
