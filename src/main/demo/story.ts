// The demo's first five minutes, on a clock a test can speed up: a motor overheats (the preset rule
// raises an alarm and switches its line's relay off), a gateway drops out and comes back, a door opens.
// Steps are at story seconds; at speed 20 the five minutes take 15 s.
import type { Logger } from '../logger/logger.js';

export interface StoryStep {
  /** seconds after the demo started, in story time */
  at: number;
  what: string;
  run(): Promise<void> | void;
}

export class Story {
  private readonly timers: NodeJS.Timeout[] = [];
  readonly done: string[] = [];

  constructor(
    private readonly steps: readonly StoryStep[],
    private readonly speed: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    for (const step of this.steps) {
      const timer = setTimeout(
        () => {
          this.logger.info({ step: step.what }, 'demo story');
          Promise.resolve()
            .then(() => step.run())
            .then(
              () => this.done.push(step.what),
              (err: unknown) => this.logger.warn({ err, step: step.what }, 'demo story step failed'),
            );
        },
        (step.at * 1000) / this.speed,
      );
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.length = 0;
  }
}

export interface StoryActors {
  overheat(): void;
  dropOut(): void;
  reconnect(): Promise<void>;
  openDoor(): Promise<void>;
}

/** The script: story seconds of each event. */
export const STORY_TIMES = { overheat: 15, dropOut: 150, reconnect: 185, door: 240 } as const;

export function demoStory(a: StoryActors): StoryStep[] {
  return [
    { at: STORY_TIMES.overheat, what: 'press A main motor starts to overheat', run: () => a.overheat() },
    { at: STORY_TIMES.dropOut, what: 'compressor room gateway drops out', run: () => a.dropOut() },
    { at: STORY_TIMES.reconnect, what: 'compressor room gateway is back', run: () => a.reconnect() },
    { at: STORY_TIMES.door, what: 'loading gate opens', run: () => a.openDoor() },
  ];
}
