export { RequestsModule } from './requests.module';
export { WorkRequest } from './work-request.entity';
