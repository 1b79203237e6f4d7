/**
 * The resource routes the plain REST systems share (UpKeep, MaintainX, Limble):
 * `GET|POST <base>/<resource>`, `GET|PATCH|DELETE <base>/<resource>/<id>`. The system supplies
 * what differs: how a list pages, how a record is wrapped, its business rules.
 */
import type { Request, Response, Router } from 'express';
import { createRecord, deleteRecord, getRecord, updateRecord, type Found } from './operations';
import type { SimulatorState } from './state';
import type { Fields } from './store';

export interface RestShape {
  /** Answers a list request (paging and the list's wrapping are the system's). */
  list(req: Request, res: Response): void;
  /** A single record as the system returns it. */
  one(req: Request, found: Found): unknown;
  /** Business rules on a create (`creating`) or an update (`current`: the record's fields now); throws SimulatedFailure. */
  check?(resource: string, body: Fields, creating: boolean, current?: Fields): void;
  /** Throws where the system refuses deletes of this resource. */
  checkDelete?(resource: string): void;
  /** The body of a successful delete (default: 204 without one). */
  deleted?: unknown;
}

export function restRoutes(router: Router, sim: SimulatorState, base: string, shape: RestShape): void {
  const resource = (req: Request) => String(req.params.resource);
  const body = (req: Request) => (req.body ?? {}) as Fields;
  router.get(`${base}/:resource`, (req, res) => shape.list(req, res));
  router.get(`${base}/:resource/:id`, (req, res) => void res.json(shape.one(req, getRecord(sim, resource(req), req.params.id))));
  router.post(`${base}/:resource`, (req, res) => {
    shape.check?.(resource(req), body(req), true);
    res.status(201).json(shape.one(req, createRecord(sim, resource(req), req.body)));
  });
  router.patch(`${base}/:resource/:id`, (req, res) => {
    shape.check?.(resource(req), body(req), false, getRecord(sim, resource(req), req.params.id).record.fields);
    res.json(shape.one(req, updateRecord(sim, resource(req), req.params.id, req.body)));
  });
  router.delete(`${base}/:resource/:id`, (req, res) => {
    shape.checkDelete?.(resource(req));
    deleteRecord(sim, resource(req), req.params.id);
    if (shape.deleted === undefined) res.status(204).end();
    else res.json(shape.deleted);
  });
}
