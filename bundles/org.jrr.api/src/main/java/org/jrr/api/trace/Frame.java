package org.jrr.api.trace;

/**
 * One event of one task, in recording order.
 *
 * @param number the event number: 1 for the first frame, one more for each frame after
 * @param tid    the recorded thread id of the task
 * @param event  what happened
 */
public record Frame(long number, int tid, Event event) {
}
