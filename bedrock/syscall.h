/* System call dispatch. */
#ifndef BEDROCK_SYSCALL_H
#define BEDROCK_SYSCALL_H

struct thread;

/* Runs the call in t's saved registers; sets its result unless it now
 * blocks (the result comes with the wake-up). */
void syscall_dispatch(struct thread *t);

#endif
