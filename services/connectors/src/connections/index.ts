export { ConnectionsModule } from './connections.module';
export { Connection, ConnectionFailure, ConnectionIndexEntry, ConnectionTransition } from './connection.entity';
export { FAILURE_CLASS_MESSAGES } from './connection.events';
