// The group chats where agents work: new tickets and SLA alerts are posted there.
import { AgentGroupModel } from '../models/ticket.js';
import { ReadCache } from '../read-cache.js';

const groupId = (channel: string, chatId: string) => `${channel}:${chatId}`;

// Asked for every group message; groups become agents' groups rarely.
const known = new ReadCache<boolean>();

export async function isAgentGroup(channel: string, chatId: string): Promise<boolean> {
  const id = groupId(channel, chatId);
  return known.get(id, async () => (await AgentGroupModel.exists({ _id: id })) !== null);
}

export async function addAgentGroup(channel: string, chatId: string): Promise<string> {
  await AgentGroupModel.updateOne({ _id: groupId(channel, chatId) }, {}, { upsert: true });
  known.clear();
  return groupId(channel, chatId);
}

/** Every agents' group as its channel and chat id. */
export async function agentGroups(): Promise<Array<{ id: string; channel: string; chatId: string }>> {
  return (await AgentGroupModel.find().lean()).map((g) => {
    const [channel, ...chat] = g._id.split(':');
    return { id: g._id, channel: channel!, chatId: chat.join(':') };
  });
}
