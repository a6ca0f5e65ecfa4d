// The group chats where agents work: new tickets and SLA alerts are posted there.
import { AgentGroupModel } from '../models/ticket.js';

const groupId = (channel: string, chatId: string) => `${channel}:${chatId}`;

export async function isAgentGroup(channel: string, chatId: string): Promise<boolean> {
  return (await AgentGroupModel.exists({ _id: groupId(channel, chatId) })) !== null;
}

export async function addAgentGroup(channel: string, chatId: string): Promise<string> {
  await AgentGroupModel.updateOne({ _id: groupId(channel, chatId) }, {}, { upsert: true });
  return groupId(channel, chatId);
}

/** Every agents' group as its channel and chat id. */
export async function agentGroups(): Promise<Array<{ id: string; channel: string; chatId: string }>> {
  return (await AgentGroupModel.find().lean()).map((g) => {
    const [channel, ...chat] = g._id.split(':');
    return { id: g._id, channel: channel!, chatId: chat.join(':') };
  });
}
