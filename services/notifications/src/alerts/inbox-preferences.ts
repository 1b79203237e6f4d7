import type { EntityManager } from 'typeorm';
import type { AlertKind } from '../alert-rules';

/** Who reads the inbox or its stream, and the kinds of alert their own preferences keep out of it. */
export interface InboxViewer {
  userId: string;
  hidden: readonly AlertKind[];
}

/**
 * What a reader chose not to see in the app: the kinds of alert their preferences send to other
 * channels only. A port: the recipients feature implements it and the app gives it to
 * `AlertsModule.register`, so alerts/ does not import recipients/.
 */
export abstract class InboxPreferences {
  abstract hiddenKinds(manager: EntityManager, tenantId: string, userId: string): Promise<readonly AlertKind[]>;

  /** The viewer as the inbox queries need them, read in the caller's transaction (preferences as they are now). */
  async viewer(manager: EntityManager, tenantId: string, userId: string): Promise<InboxViewer> {
    return { userId, hidden: await this.hiddenKinds(manager, tenantId, userId) };
  }
}
