import { startSimulator, type RunningSimulator } from '../src';
import { fiixCall, fiixUrl, latestChange, send } from './drivers';

describe('Fiix simulator', () => {
  let sim: RunningSimulator;
  let keys: Record<string, string>;
  const call = (body: Record<string, unknown>) => fiixCall(sim, keys, body);

  beforeAll(async () => {
    sim = await startSimulator('fiix', { seed: 3 });
    keys = (await sim.admin.credential('keys')).secrets;
  });
  afterEach(() => sim.admin.reset());
  afterAll(() => sim.close());

  const signed = (authorization: string, url: string) => send(url, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ _maCn: 'FindRequest', className: 'WorkOrder' }) });

  it('reports authentication failures inside a 200: missing keys, a wrong signature, an old timestamp', async () => {
    const missing = await send(`${sim.url}/api/?action=FindRequest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([missing.status, missing.body]).toEqual([200, { _maCn: 'ErrorResponse', error: { code: 4001, message: expect.any(String) } }]);
    const { url } = fiixUrl(sim, keys, 'FindRequest');
    const badSignature = await signed('0'.repeat(64), url);
    expect([badSignature.status, badSignature.body]).toEqual([200, { _maCn: 'ErrorResponse', error: { code: 4003, message: 'Signature does not match' } }]);
    const old = fiixUrl(sim, keys, 'FindRequest', Date.now() - 10 * 60 * 1000);
    expect((await signed(old.authorization, old.url)).body).toEqual({ _maCn: 'ErrorResponse', error: { code: 4004, message: expect.any(String) } });
  });

  it('finds with filters, pages with maxObjects/startObjectIndex and returns only the fields asked for', async () => {
    const page = await call({ _maCn: 'FindRequest', className: 'Asset', fields: 'id, strCode', maxObjects: 2, startObjectIndex: 1 });
    expect(page.body).toEqual({ _maCn: 'FindResponse', totalObjects: 3, objects: [{ id: 2, strCode: 'PUMP-100' }, { id: 3, strCode: 'SEAL-100' }] });
    const locations = await call({ _maCn: 'FindRequest', className: 'Asset', fields: 'strCode', filters: [{ ql: 'bolIsLocation = ?', parameters: [1] }] });
    expect((locations.body as { objects: unknown[] }).objects).toEqual([{ id: 1, strCode: 'PLANT-1' }]);
    const since = await latestChange(sim, 'WorkOrder');
    await sim.admin.change('WorkOrder', 1002, { intPriorityID: 1 });
    const changed = await call({ _maCn: 'FindRequest', className: 'WorkOrder', fields: 'strCode', filters: [{ ql: 'dtmDateLastModified > ?', parameters: [since] }] });
    expect((changed.body as { objects: unknown[] }).objects).toEqual([{ id: 1002, strCode: 'WO-1002' }]);
  });

  it('lists the customer-defined CustomCalibration class with the same FindRequest, paging and modified filter', async () => {
    const page = await call({ _maCn: 'FindRequest', className: 'CustomCalibration', fields: 'id, strResult', maxObjects: 1, startObjectIndex: 1 });
    expect(page.body).toEqual({ _maCn: 'FindResponse', totalObjects: 2, objects: [{ id: 2, strResult: 'fail' }] });
    const since = await latestChange(sim, 'CustomCalibration');
    await sim.admin.change('CustomCalibration', 1, { strResult: 'retest' });
    const changed = await call({ _maCn: 'FindRequest', className: 'CustomCalibration', fields: 'strResult', filters: [{ ql: 'dtmDateLastModified > ?', parameters: [since] }] });
    expect((changed.body as { objects: unknown[] }).objects).toEqual([{ id: 1, strResult: 'retest' }]);
  });

  it('changes only the fields named in changeFields', async () => {
    const reply = await call({ _maCn: 'ChangeRequest', className: 'WorkOrder', changeFields: 'strDescription', fields: 'strDescription, intPriorityID', object: { id: 1001, strDescription: 'new', intPriorityID: 9 } });
    expect(reply.body).toEqual({ _maCn: 'ChangeResponse', object: { id: 1001, strDescription: 'new', intPriorityID: 2 } });
  });

  it('answers each call of a batch on its own, errors included, and a missing object inside a 200', async () => {
    const reply = await call({
      _maCn: 'BatchRequest',
      requests: [
        { _maCn: 'AddRequest', className: 'PurchaseOrderLineItem', fields: 'id', object: { intPurchaseOrderID: 1, qtyOnOrder: 1 } },
        { _maCn: 'FindByIdRequest', className: 'WorkOrder', id: 424242 },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      _maCn: 'BatchResponse',
      responses: [{ _maCn: 'AddResponse', object: { id: 2 } }, { _maCn: 'ErrorResponse', error: { code: 4040, message: expect.stringContaining('424242') } }],
    });
  });
});
