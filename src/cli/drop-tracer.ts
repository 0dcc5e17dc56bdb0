/** Wiring of the kernel drop trace into diagnose (filled in when src/trace lands). */
import type { DropTracer } from '../core/engine.js';
import type { Runner } from '../targets/runner.js';

export function makeDropTracer(_runner: Runner): DropTracer | undefined {
  return undefined;
}
