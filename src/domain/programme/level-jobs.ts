// The port through which doors start recomputing every member's level; src/jobs provides it on bull.

export interface LevelJobOrigin {
  /** Where to tell the result, when asked from a chat. */
  channel?: string;
  chatId?: string;
  requestKey: string;
}

export interface LevelJobStatus {
  id: string;
  state: string;
  /** 0–100. */
  progress: number;
  result: { checked: number; upgraded: number } | null;
}

export interface LevelJobs {
  /** Starts recomputing every member's level; one start per request key. */
  start(origin: LevelJobOrigin): Promise<{ jobId: string }>;
  status(jobId: string): Promise<LevelJobStatus | null>;
}
