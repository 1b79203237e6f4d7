import type { NotificationContactDto } from './dtos/notification-contact.dtos';
import type { NotificationContact } from './notification-contact.entity';

export function toNotificationContactDto(contact: NotificationContact): NotificationContactDto {
  return {
    id: contact.id,
    userId: contact.userId,
    email: contact.email,
    roles: contact.roles,
    homeLocationId: contact.homeLocationId,
    chatEndpointId: contact.chatEndpointId,
    channels: contact.channelPreferences,
    quietHours: contact.quietHours,
    digestOptOut: contact.digestOptOut,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
    version: contact.version,
  };
}
