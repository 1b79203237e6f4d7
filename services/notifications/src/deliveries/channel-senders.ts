import type { ChannelKind, ChannelSender } from '../channels';
import type { TargetsByChannel } from './delivery-targets';

/** The sender of each channel: one entry per channel, checked by the compiler. */
export type ChannelSenders = { [C in ChannelKind]: ChannelSender<TargetsByChannel[C]> };

export const CHANNEL_SENDERS = Symbol('CHANNEL_SENDERS');
