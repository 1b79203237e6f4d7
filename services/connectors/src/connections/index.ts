export { ConnectionsModule } from './connections.module';
export { Connection, ConnectionFailure, ConnectionIndexEntry, ConnectionTransition } from './connection.entity';
