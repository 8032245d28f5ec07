/* netd's parts: netd.c (the device, the loop, the interrupt thread),
 * nscheme.c (the net: files and the requests waiting on them), ntext.c
 * (net:if, net:arp, net:tcp as text). */
#ifndef NETD_H
#define NETD_H

#include <stdint.h>
#include <shale/scheme_serve.h>

#include "stack.h"

/* The one stack; netd's main thread is the only one that touches it. */
extern struct net_stack netd_stack;

/* Microseconds of the system clock. */
uint64_t netd_now_us(void);

/* Device counters for net:if that the stack does not keep. */
extern uint64_t netd_rx_bad;

/* nscheme.c: the scheme's operations, and the waiting requests tried
 * again after each input or tick. */
extern const struct scheme_ops netd_ops;
void netd_waiters_poll(struct scheme_server *srv);
/* ms until the earliest kept read's timeout (net:ctl), or UINT64_MAX. */
uint64_t netd_waiters_next_ms(struct scheme_server *srv);

/* ntext.c: writes the text of net:if, net:arp, net:tcp into a malloc'd
 * buffer.  Return its length (and *out), or -SH_ENOMEM. */
long netd_text_if(char **out);
long netd_text_arp(char **out);
long netd_text_tcp(char **out);

#endif
