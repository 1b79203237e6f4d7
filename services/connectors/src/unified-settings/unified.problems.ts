/** The unified feature's errors as problem+json, in one place. */
import { PROBLEM_TYPES, ProblemException, type FieldError } from '@mate/service-kit';
import { UpstreamFailure } from '../adapters';

/** Settings (or a preview request) that are not valid: 422 with every problem naming its field. */
export function invalidSettings(errors: FieldError[]): ProblemException {
  return new ProblemException({ status: 422, type: PROBLEM_TYPES.validation, title: 'Invalid unified settings', detail: 'the unified settings are not valid', extensions: { errors } });
}

/** What an upstream failure during a preview answers: the record missing, the account lacking a permission, or the system failing. */
export function previewFailed(error: UpstreamFailure): ProblemException {
  switch (error.classification) {
    case 'not_found':
      return new ProblemException({ status: 404, detail: 'the system has no such record' });
    case 'permission_denied':
      return new ProblemException({ status: 403, detail: "the connected account may not read this in the system", extensions: { code: 'permission_denied' } });
    default:
      return new ProblemException({ status: 502, detail: `the system did not answer the preview read (${error.classification})`, extensions: { code: error.classification } });
  }
}
