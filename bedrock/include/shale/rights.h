/* Shale handles, rights and object types (ABI).
 *
 * A handle names one slot of the calling process's handle table: an object
 * reference plus a set of rights.  Handle values are opaque: they encode the
 * slot and a generation, so a closed or stale handle is refused with
 * -SH_EBADH rather than reaching whatever reuses its slot.  0 is never a
 * valid handle.  Append only: the numbers are ABI. */
#ifndef SHALE_RIGHTS_H
#define SHALE_RIGHTS_H

#include <stdint.h>

typedef uint32_t sh_handle_t;
typedef uint32_t sh_rights_t;

/* Never returned by a successful call; a handle argument of 0 means "none". */
#define SH_HANDLE_NONE 0u

/* Rights.  A derived handle (dup, mint, grant) carries equal or fewer. */
#define SH_R_READ   (1u << 0)   /* read data: frame contents, object state */
#define SH_R_WRITE  (1u << 1)   /* write data, send on an endpoint */
#define SH_R_MAP    (1u << 2)   /* map a frame into a vspace */
#define SH_R_GRANT  (1u << 3)   /* pass a copy to another process over IPC */
#define SH_R_DUP    (1u << 4)   /* derive a handle with cap_dup / cap_mint */
#define SH_R_SIGNAL (1u << 5)   /* signal a notification, ack an irq */
#define SH_R_MANAGE (1u << 6)   /* control: start/stop thread, silo, bind irq */
#define SH_R_ALL    0x7fu       /* every right defined above */

/* Object types.  0 is no type; in kernel lookups it means "any type". */
#define SH_OBJ_NONE         0u
#define SH_OBJ_FRAME        1u  /* physical pages, including device MMIO */
#define SH_OBJ_VSPACE       2u  /* an address space */
#define SH_OBJ_THREAD       3u
#define SH_OBJ_ENDPOINT     4u  /* synchronous IPC; handles may carry a badge */
#define SH_OBJ_NOTIFICATION 5u  /* asynchronous bits: irqs, events */
#define SH_OBJ_IRQ          6u
#define SH_OBJ_SILO         7u
#define SH_OBJ_COUNT        8u  /* one past the last type */

#endif
