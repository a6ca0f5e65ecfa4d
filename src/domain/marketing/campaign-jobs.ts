// The port through which doors start a campaign; src/jobs runs it on bull (or in the process without Redis).
export interface CampaignJobs {
  /** Starts sending; starting the same campaign twice runs it once. */
  start(campaignId: string): Promise<void>;
}
