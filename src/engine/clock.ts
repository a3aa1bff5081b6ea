import { Injectable } from '@nestjs/common';

/** The engine's only source of time; machines read time from events. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
