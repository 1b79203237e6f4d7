export { RequestsModule } from './requests.module';
export { WorkRequest, WORK_REQUEST_STATUSES, type WorkRequestStatus } from './work-request.entity';
