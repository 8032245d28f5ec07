/* cons:, the serial console (consd).  The scheme protocol is scheme.h's;
 * this header says what the paths mean.
 *
 *   cons:/         the terminal (also cons:/tty).  WRITE: bytes to the
 *                  UART ("\n" goes out as "\r\n"), and into the writer's
 *                  log ring.  READ: input, as the mode says:
 *     cooked (the default): one line per read, "\n"-ended, at most count
 *                  bytes (the rest of a long line comes with the next
 *                  read).  consd echoes and edits: Backspace/DEL erases a
 *                  character, Ctrl-U the line, Ctrl-C discards the line
 *                  and all typed-ahead input and ends a waiting read (or
 *                  the next one) with -SH_EINTR, Ctrl-D at the start of a
 *                  line is end of file (the read returns 0; later reads
 *                  wait again).  Escape sequences (arrow keys) are
 *                  swallowed, other control bytes ignored.
 *     raw:         whatever bytes have arrived (at least 1, at most
 *                  count), as typed: no echo, no editing, escape
 *                  sequences intact, Ctrl-C and Ctrl-D plain bytes.
 *                  The line being edited is dropped when the mode changes.
 *                  A read with nothing to return waits (a deferred reply:
 *                  consd serves everyone else meanwhile), up to the
 *                  client's timeout: -SH_ETIMEDOUT after it, -SH_EAGAIN at
 *                  once for timeout 0.  Several waiting readers are served
 *                  in the order they asked.
 *   cons:/ctl      WRITE one command (text, a trailing "\n" allowed):
 *                    "raw", "cooked"       the mode (for everyone: there
 *                                          is one terminal)
 *                    "timeout MS"          this client's (badge's) reads
 *                                          wait at most MS milliseconds;
 *                                          0: never wait
 *                    "timeout off"         wait as long as it takes
 *                    "name NAME"           call this client's log NAME
 *                    "label BADGE NAME"    silod only (badge 0): call the
 *                                          log of client BADGE NAME (the
 *                                          silo's name, when silod grants
 *                                          it cons); -SH_EPERM for others
 *                    "forget BADGE"        silod only: every process of
 *                                          that client is gone (its silo
 *                                          stopped or restarted): close its
 *                                          files, end its waiting reads
 *                  -SH_EINVAL for anything else.  READ: "raw\n" or
 *                  "cooked\n".
 *   cons:/log/     a directory: one file per client that wrote, named by
 *                  its label or "name" (a name is unique: naming another
 *                  client the same takes it away from the first), or else
 *                  its badge in decimal.
 *   cons:/log/X    READ: the last CONS_LOG_RING bytes client X wrote
 *                  (a snapshot; stat gives its size).  Read-only.
 *
 * Opening anything for CREATE, or a log for WRITE, is -SH_EPERM. */
#ifndef SHALE_CONS_H
#define SHALE_CONS_H

#define CONS_LOG_RING	4096u	/* bytes kept per client */
#define CONS_LOG_CLIENTS 16u	/* clients with a log; the oldest goes first */
#define CONS_LINE_MAX	1023u	/* bytes of one line being edited */

/* The tag consd's own interrupt thread calls its endpoint with ("CONSTICK");
 * a client that sends it only gets a number back. */
#define CONS_TAG_TICK	0x434f4e535449434bULL

#endif
